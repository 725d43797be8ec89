/** Test helpers shared by the test packages: mail folders written and read as plain files. */
package org.mailsync.testkit;

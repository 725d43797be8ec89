/**
 * The {@code mailsync:} Camel component, in camel-mail's shape: component, endpoint, configuration (whose setter javadoc is the option documentation), producer, consumer and header constants.
 */
package org.mailsync.camel;

/**
 * The beans the YAML route set calls: stateless, each does one step (expand, index, plan, copy, delete, commit, report) on the job carried in the exchange.
 */
package org.mailsync.route;

/**
 * {@code jpbs demo}: a guided tour in a scratch datastore (backup rounds from generated {@link
 * org.jpbs.cli.demo.DemoData}, prune, GC, verify, restore), run as {@link
 * org.jpbs.cli.demo.DemoSteps} through the same library calls and result types the real commands
 * use.
 */
package org.jpbs.cli.demo;

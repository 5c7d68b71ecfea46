/**
 * Helpers every module's tests share, used only at test scope (issue 14's testkit): real
 * filesystems the tests need but cannot fake, such as a read-only bind mount of a datastore (the
 * disaster-recovery copy) and a small tmpfs that fills up. Nothing here is a fake of jpbs code.
 */
package org.jpbs.testkit;

/**
 * A document as it moves through prep ({@link org.lwsspark.prep.doc.Doc}: its text, where it came from, and why
 * it was dropped if it was, {@link org.lwsspark.prep.doc.DropReason}): what the readers make and every later
 * stage takes.
 */
package org.lwsspark.prep.doc;

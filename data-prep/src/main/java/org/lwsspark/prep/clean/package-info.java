/**
 * Cleaning: wikitext to plain text, HTML to its main text without boilerplate, and the Unicode NFC and whitespace
 * normalisation applied to every document.
 */
package org.lwsspark.prep.clean;

package org.lwsspark.prep.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlExtractorTest {
    private static String page(String body) {
        return "<html><body>" + body + "</body></html>";
    }

    @Test
    void boilerplateByWholeWordOfIdOrClassHiddenOrRole() {
        String html = page("<div class=\"main-nav\"><p>Navigation words that are long enough to count as a real "
                + "block.</p></div>"
                + "<p>This paragraph is the content of the page, with more than ten words in it.</p>"
                + "<div class=\"navigation\"><p>This block is kept: navigation is not one of the boilerplate "
                + "words.</p></div>"
                + "<div id=\"Footer\"><p>Footer text that is long enough to be a block of content here.</p></div>"
                + "<div class=\"s\u212Aip\"><p>The Kelvin sign is not a k, so this block of words stays in.</p></div>"
                + "<div aria-hidden=\" TRUE \"><p>Hidden for screen readers, so not content of the page at "
                + "all.</p></div>"
                + "<div aria-hidden=\"false\"><p>Visible to screen readers, this is content of the page as "
                + "well.</p></div>"
                + "<div role=\"Navigation\"><p>A navigation role says this is not content of the page either.</p></div>"
                + "<section hidden><p>A hidden section with enough words to count as a content block.</p></section>");
        assertEquals(
                "This paragraph is the content of the page, with more than ten words in it.\n\n"
                        + "This block is kept: navigation is not one of the boilerplate words.\n\n"
                        + "The Kelvin sign is not a k, so this block of words stays in.\n\n"
                        + "Visible to screen readers, this is content of the page as well.",
                HtmlExtractor.extractText(html));
    }

    @Test
    void aBoilerplateWordBeforeAFinalLineTerminatorCounts() {
        // As the regular expression this replaced decided: its $ matched before a final U+0085.
        String html = page("<div class=\"x nav\u0085\"><p>Words in a block that is long enough to count as "
                + "content.</p></div><p>The one paragraph of content that stays, with enough words to count.</p>");
        assertEquals(
                "The one paragraph of content that stays, with enough words to count.",
                HtmlExtractor.extractText(html));
    }

    @Test
    void whitespaceCollapsedAndLinkDenseOrShortBlocksDropped() {
        String html = page("<h2>Heading kept</h2><p>Words\u000B\u000Bwith a vertical tab \u00A0and  spaces,\tten or "
                + "more words here.</p><h2>Heading dropped</h2>"
                + "<p><a href=a>Mostly link text here in this block</a> and a few words.</p><p>Short block.</p>");
        assertEquals(
                "Heading kept\n\nWords with a vertical tab and spaces, ten or more words here.",
                HtmlExtractor.extractText(html));
    }

    @Test
    void neverContentElementsAreSkippedWithWhatTheyContain() {
        String html = page("<p>Before the script, a paragraph with enough words to count as content.<script>var x = "
                + "'not text at all, however many words are written here';</script> After it.</p>"
                + "<aside><p>An aside with enough words in it to be a block of content otherwise.</p></aside>");
        assertEquals(
                "Before the script, a paragraph with enough words to count as content. After it.",
                HtmlExtractor.extractText(html));
    }
}

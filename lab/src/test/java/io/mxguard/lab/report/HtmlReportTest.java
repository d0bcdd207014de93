package io.mxguard.lab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mxguard.lab.scenario.Cell;
import io.mxguard.lab.scenario.Matrix;
import io.mxguard.lab.scenario.Outcome;
import io.mxguard.lab.scenario.TrailEvent;
import io.mxguard.lab.scenario.TrailEvent.Actor;
import io.mxguard.lab.scenario.TrailEvent.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** HtmlReportTest - the page on a hand-built matrix, as a string: structure, escaping, self-containment. */
class HtmlReportTest {
    private final Matrix sample = SampleMatrix.matrix();
    private final String html = HtmlReport.render(sample);

    @Test
    void page_hasTheMatrixAsATable_rowsAttacks_columnsModes() {
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertEquals(1, count(html, "<table class=\"matrix\">"));
        assertEquals(3, count(html, "<th scope=\"col\">"), "one column per sender mode");
        assertEquals(3, count(html, "<th scope=\"row\">"), "one row per attack");
        assertTrue(html.contains("hijacking resolver answers MX with mx.attacker.net"), "attack descriptions shown");
        assertEquals(9, count(html, "<td class=\"outcome "), "one table cell per matrix cell");
    }

    @Test
    void everyCell_linksToItsDetail_whichHasOneSequenceDiagram() {
        for (Cell c : sample.cells()) {
            String id = "cell-" + c.attack() + "-" + c.mode();
            assertTrue(html.contains("href=\"#" + id + "\""), "matrix links to " + id);
            int start = html.indexOf("id=\"" + id + "\"");
            assertTrue(start > 0, "detail section " + id);
            String section = html.substring(start, html.indexOf("</section>", start));
            assertEquals(1, count(section, "<svg class=\"seq\""), "one diagram in " + id);
            assertTrue(section.contains(Html.escape(c.story())), "story line in " + id);
            assertTrue(section.contains(Html.escape(c.why())), "why in " + id);
        }
        assertEquals(sample.cells().size(), count(html, "<svg class=\"seq\""));
    }

    @Test
    void outcomes_areColouredByKind() {
        assertEquals(3, count(html, "<td class=\"outcome intercepted\">"));
        assertEquals(3, count(html, "<td class=\"outcome deferred\">"));
        assertEquals(3, count(html, "<td class=\"outcome delivered\">"));
        assertTrue(html.contains(">deferred:dnssec-bogus</a>"));
    }

    @Test
    void interceptedCell_diagramShowsForgedMx_smtpToAttacker_read_andForwardToBob() {
        String svg = diagram(html, "cell-mx-rewrite-opportunistic");
        for (Actor a : List.of(Actor.ALICE, Actor.RESOLVER, Actor.ATTACKER_MX, Actor.BOB_MX)) {
            assertTrue(svg.contains(">" + Html.escape(a.label()) + "</text>"), "lifeline " + a);
        }
        assertTrue(svg.indexOf(">resolver<") < svg.indexOf(">attacker&#39;s MX<")
                && svg.indexOf(">attacker&#39;s MX<") < svg.indexOf(">Bob&#39;s MX<"), "fixed left-to-right order");
        assertFalse(svg.contains("on-path stripper"), "only actors that appear get a lifeline");
        assertTrue(svg.contains("MX 10 mx.attacker.net (forged)"));
        assertTrue(svg.contains("stroke-dasharray=\"7 4\""), "DNS arrows are dashed");
        assertEquals(1, count(svg, "<g class=\"ev read\">"));
        assertEquals(1, count(svg, "<g class=\"ev forward\">"));
        assertEquals(1, count(svg, "<g class=\"ev verdict\">"));
        assertTrue(svg.indexOf("ev dns_query") < svg.indexOf("ev smtp") && svg.indexOf("ev smtp") < svg.indexOf("ev read")
                && svg.indexOf("ev read") < svg.indexOf("ev forward"), "arrows in time order");
    }

    @Test
    void labelsFromTheWire_areEscaped_andLongOnesKeepTheirFullTextInATooltip() {
        assertFalse(html.contains("<script"), "no script element, not even from a label");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;"), "the label is shown escaped");
        String svg = diagram(html, "cell-mx-rewrite-opportunistic");
        assertTrue(svg.contains("…</text>"), "the long READ label is cut on the diagram");
        assertTrue(svg.contains("<title>" + "10. attacker reads, attacker&#39;s MX: " + Html.escape(SampleMatrix.HOSTILE) + "</title>"),
                "tooltip carries the whole label");
    }

    @Test
    void page_isSelfContained() {
        assertFalse(html.contains("http://"), "no http reference");
        assertFalse(html.contains("https://"), "no https reference");
        assertFalse(html.contains(" src="), "no src attribute");
        assertFalse(html.contains("<link"), "no linked resources");
        assertFalse(html.contains("url(") && !onlyLocalUrls(html), "CSS/SVG url() only to in-page ids");
        assertFalse(html.contains("@import"));
        Matcher href = Pattern.compile("href=\"([^\"]*)\"").matcher(html);
        while (href.find()) {
            assertTrue(href.group(1).startsWith("#"), "in-page link only: " + href.group(1));
        }
    }

    @Test
    void verdictLine_allMatched_saysSo_withTheTime() {
        assertTrue(html.contains("<p class=\"verdict pass\">✓ All 9 cells matched their expected outcome."));
        assertTrue(html.contains("took 4.3 s"));
    }

    @Test
    void mismatch_isFlaggedInTheMatrix_theVerdict_andTheDetail() {
        String bad = HtmlReport.render(SampleMatrix.withActual("mx-rewrite", "mxguard", Outcome.intercepted()));
        assertTrue(bad.contains("<td class=\"outcome intercepted mismatch\">"));
        assertTrue(bad.contains("✗ MISMATCH: expected deferred:dnssec-bogus"));
        assertTrue(bad.contains("<p class=\"verdict fail\">✗ 1 of 9 cells did not match: "
                + "<a href=\"#cell-mx-rewrite-mxguard\">mx-rewrite × mxguard</a> (expected deferred:dnssec-bogus, got intercepted)."));
        assertTrue(bad.contains("<section class=\"cell intercepted mismatch\" id=\"cell-mx-rewrite-mxguard\">"));
    }

    @Test
    void cellNotRun_isShownAsSuch_andAnEmptyTrailStillDrawsAlice() {
        Cell lonely = new Cell("a<b", "m", Outcome.delivered(), Outcome.delivered(), "why", "story", List.of());
        Matrix m = new Matrix(List.of(new Matrix.Axis("a<b", "attack")),
                List.of(new Matrix.Axis("m", "mode"), new Matrix.Axis("n", "other")), List.of(lonely), Duration.ofMillis(12));
        String page = HtmlReport.render(m);
        assertTrue(page.contains("<td class=\"outcome none\">not run</td>"));
        assertTrue(page.contains("1 cells were not run."));
        assertTrue(page.contains("id=\"cell-a-b-m\""), "ids are slugs");
        assertTrue(page.contains("no exchanges recorded"));
        assertTrue(page.contains(">Alice&#39;s server</text>"));
        assertTrue(page.contains("took 12 ms"));
    }

    @Test
    void selfArrowOnTheRightmostLifeline_widensTheDiagram_notOffTheEdge() {
        Instant t = Instant.parse("2024-05-01T10:00:00Z");
        Cell c = new Cell("x", "y", Outcome.delivered(), Outcome.delivered(), "", "",
                List.of(new TrailEvent(t, Actor.ALICE, Actor.BOB_MX, Kind.SMTP, "DATA"),
                        new TrailEvent(t.plusMillis(5), Actor.BOB_MX, Actor.BOB_MX, Kind.SMTP, "stores it")));
        String svg = SequenceDiagram.svg(c, "t");
        assertTrue(svg.contains(">stores it</text>"));
        assertTrue(svg.contains("<path d=\"M"), "drawn as a loop");
        Cell plain = new Cell("x", "y", Outcome.delivered(), Outcome.delivered(), "", "", c.trail().subList(0, 1));
        assertTrue(width(svg) > width(SequenceDiagram.svg(plain, "u")) + 100, "room for the loop's label");
    }

    private static int width(String svg) {
        Matcher w = Pattern.compile("<svg[^>]* width=\"(\\d+)\"").matcher(svg);
        assertTrue(w.find());
        return Integer.parseInt(w.group(1));
    }

    /** diagram - the svg of the detail section {@code id}. */
    static String diagram(String page, String id) {
        int section = page.indexOf("id=\"" + id + "\"");
        int start = page.indexOf("<svg class=\"seq\"", section);
        return page.substring(start, page.indexOf("</svg>", start));
    }

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    private static boolean onlyLocalUrls(String page) {
        Matcher m = Pattern.compile("url\\(([^)]*)\\)").matcher(page);
        while (m.find()) {
            if (!m.group(1).startsWith("#")) {
                return false;
            }
        }
        return true;
    }
}

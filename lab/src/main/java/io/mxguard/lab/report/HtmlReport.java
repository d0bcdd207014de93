package io.mxguard.lab.report;

import io.mxguard.lab.scenario.Cell;
import io.mxguard.lab.scenario.Matrix;
import io.mxguard.lab.scenario.Matrix.Axis;
import io.mxguard.lab.scenario.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HtmlReport - a lab run as one self-contained HTML5 page (inline CSS and SVG, no scripts, no
 * external references): the seed's story, the matrix, a verdict line, and per cell its story,
 * expectation and a sequence diagram of who talked to whom.
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    /** render - the page for {@code matrix}. */
    public static String render(Matrix matrix) {
        StringBuilder page = new StringBuilder(64 * 1024);
        head(page, matrix);
        story(page);
        table(page, matrix);
        verdict(page, matrix);
        legend(page);
        details(page, matrix);
        page.append("</main>\n</body>\n</html>\n");
        return page.toString();
    }

    /** write - renders {@code matrix} to {@code file} (UTF-8), creating its directory if needed. */
    public static void write(Matrix matrix, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.writeString(file, render(matrix), StandardCharsets.UTF_8);
    }

    private static void head(StringBuilder page, Matrix m) {
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>mxguard lab: ").append(m.attacks().size()).append(" attacks × ")
                .append(m.modes().size()).append(" sender modes</title>\n<style>\n").append(CSS).append("</style>\n</head>\n")
                .append("<body>\n<main>\n<h1>mxguard lab: who read Alice's mail?</h1>\n");
    }

    private static void story(StringBuilder page) {
        page.append("<ol class=\"story\">\n")
                .append("<li>Alice's server (<code>smtp.source.com</code>) asks its DNS resolver where "
                        + "<code>destination.com</code> takes mail, then connects there and hands over the message.</li>\n")
                .append("<li>An attacker who controls that resolver answers with <em>its own</em> mail server "
                        + "(or one on the path strips STARTTLS), reads the mail, and forwards it to Bob so nobody notices.</li>\n")
                .append("<li>mxguard validates DNSSEC itself and requires DANE, so a forged answer or a missing "
                        + "STARTTLS makes it wait (defer) instead of leaking.</li>\n</ol>\n");
    }

    private static void table(StringBuilder page, Matrix m) {
        page.append("<section id=\"matrix\">\n<h2>The matrix: attacks × sender modes</h2>\n")
                .append("<table class=\"matrix\">\n<thead><tr><th class=\"corner\">attack \\ sender mode</th>");
        for (Axis mode : m.modes()) {
            page.append("<th scope=\"col\"><span class=\"id\">").append(Html.escape(mode.id()))
                    .append("</span><span class=\"desc\">").append(Html.escape(mode.description())).append("</span></th>");
        }
        page.append("</tr></thead>\n<tbody>\n");
        for (Axis attack : m.attacks()) {
            page.append("<tr><th scope=\"row\"><span class=\"id\">").append(Html.escape(attack.id()))
                    .append("</span><span class=\"desc\">").append(Html.escape(attack.description())).append("</span></th>");
            for (Axis mode : m.modes()) {
                page.append(m.cell(attack.id(), mode.id()).map(HtmlReport::matrixCell)
                        .orElse("<td class=\"outcome none\">not run</td>"));
            }
            page.append("</tr>\n");
        }
        page.append("</tbody>\n</table>\n</section>\n");
    }

    private static String matrixCell(Cell c) {
        String kind = kindClass(c.actual());
        StringBuilder td = new StringBuilder("<td class=\"outcome ").append(kind).append(c.matched() ? "" : " mismatch")
                .append("\"><a href=\"#").append(Html.cellId(c.attack(), c.mode())).append("\" title=\"")
                .append(Html.escape(c.story())).append("\">").append(Html.escape(c.actual().word())).append("</a>");
        if (c.matched()) {
            td.append("<span class=\"ok\">✓ as expected</span>");
        } else {
            td.append("<span class=\"flag\">✗ MISMATCH: expected ").append(Html.escape(c.expected().word())).append("</span>");
        }
        return td.append("</td>").toString();
    }

    private static void verdict(StringBuilder page, Matrix m) {
        List<Cell> bad = m.mismatches();
        int expected = m.attacks().size() * m.modes().size();
        int missing = Math.max(0, expected - m.cells().size());
        Map<Outcome.Kind, Integer> counts = new EnumMap<>(Outcome.Kind.class);
        m.cells().forEach(c -> counts.merge(c.actual().kind(), 1, Integer::sum));
        page.append("<p class=\"verdict ").append(bad.isEmpty() && missing == 0 ? "pass" : "fail").append("\">");
        if (bad.isEmpty()) {
            page.append("✓ All ").append(m.cells().size()).append(" cells matched their expected outcome.");
        } else {
            page.append("✗ ").append(bad.size()).append(" of ").append(m.cells().size())
                    .append(" cells did not match: ");
            List<String> items = new ArrayList<>();
            for (Cell c : bad) {
                items.add("<a href=\"#" + Html.cellId(c.attack(), c.mode()) + "\">" + Html.escape(c.attack() + " × " + c.mode())
                        + "</a> (expected " + Html.escape(c.expected().word()) + ", got " + Html.escape(c.actual().word()) + ")");
            }
            page.append(String.join("; ", items)).append('.');
        }
        if (missing > 0) {
            page.append(' ').append(missing).append(" cells were not run.");
        }
        page.append(" <span class=\"counts\">")
                .append(counts.getOrDefault(Outcome.Kind.DELIVERED, 0)).append(" delivered · ")
                .append(counts.getOrDefault(Outcome.Kind.INTERCEPTED, 0)).append(" intercepted · ")
                .append(counts.getOrDefault(Outcome.Kind.DEFERRED, 0)).append(" deferred · took ")
                .append(took(m.took())).append("</span></p>\n");
    }

    private static void legend(StringBuilder page) {
        page.append("<p class=\"legend\"><b>Reading the diagrams:</b> ")
                .append(swatch(SequenceDiagram.DNS, "7 4")).append(" DNS question/answer ")
                .append(swatch(SequenceDiagram.SMTP, null)).append(" SMTP ")
                .append(swatch(SequenceDiagram.TLS, null)).append(" STARTTLS / TLS (encrypted) ")
                .append(swatch(SequenceDiagram.ATTACK, null)).append(" the attacker reads or forwards ")
                .append("<span class=\"badge attacker\">red lifeline</span> an attacker's machine. "
                        + "Hover an arrow for its full text.</p>\n");
    }

    private static String swatch(String color, String dash) {
        return "<svg class=\"swatch\" width=\"34\" height=\"10\" viewBox=\"0 0 34 10\" aria-hidden=\"true\"><line x1=\"0\""
                + " y1=\"5\" x2=\"34\" y2=\"5\" stroke=\"" + color + "\" stroke-width=\"2.5\""
                + (dash == null ? "" : " stroke-dasharray=\"" + dash + "\"") + "/></svg>";
    }

    private static void details(StringBuilder page, Matrix m) {
        page.append("<section id=\"cells\">\n<h2>Cell by cell: who talked to whom</h2>\n");
        List<Cell> ordered = new ArrayList<>();
        for (Axis attack : m.attacks()) {
            for (Axis mode : m.modes()) {
                m.cell(attack.id(), mode.id()).ifPresent(ordered::add);
            }
        }
        m.cells().stream().filter(c -> !ordered.contains(c)).forEach(ordered::add); // cells off the axes still show
        int n = 0;
        for (Cell c : ordered) {
            detail(page, c, "d" + n++);
        }
        page.append("</section>\n");
    }

    private static void detail(StringBuilder page, Cell c, String diagramId) {
        String kind = kindClass(c.actual());
        page.append("<section class=\"cell ").append(kind).append(c.matched() ? "" : " mismatch").append("\" id=\"")
                .append(Html.cellId(c.attack(), c.mode())).append("\">\n<h3>").append(Html.escape(c.attack()))
                .append(" <span class=\"x\">×</span> ").append(Html.escape(c.mode())).append(" <span class=\"badge ")
                .append(kind).append("\">").append(Html.escape(c.actual().word())).append("</span>");
        if (!c.matched()) {
            page.append(" <span class=\"flag\">✗ MISMATCH: expected ").append(Html.escape(c.expected().word())).append("</span>");
        }
        page.append("</h3>\n<p class=\"line\">").append(Html.escape(c.story())).append("</p>\n")
                .append("<p class=\"expect\">expected <b>").append(Html.escape(c.expected().word())).append("</b>, got <b>")
                .append(Html.escape(c.actual().word())).append("</b>").append(c.matched() ? " ✓" : " ✗")
                .append(" — ").append(Html.escape(c.why())).append("</p>\n<div class=\"diagram\">")
                .append(SequenceDiagram.svg(c, diagramId)).append("</div>\n<p class=\"back\"><a href=\"#matrix\">↑ matrix</a></p>\n")
                .append("</section>\n");
    }

    private static String kindClass(Outcome o) {
        return o.kind().name().toLowerCase(Locale.ROOT);
    }

    private static String took(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static final String CSS = """
            body { margin: 0; background: #f9fafb; color: #111827; font: 15px/1.45 system-ui, "DejaVu Sans", sans-serif; }
            main { max-width: 1320px; margin: 0 auto; padding: 20px 28px 60px; }
            h1 { font-size: 26px; margin: 6px 0 10px; }
            h2 { font-size: 19px; margin: 28px 0 10px; border-bottom: 2px solid #e5e7eb; padding-bottom: 4px; }
            h3 { font-size: 16px; margin: 0 0 6px; }
            code { font: 13px "DejaVu Sans Mono", monospace; background: #eef2f7; padding: 0 3px; border-radius: 3px; }
            ol.story { margin: 0 0 8px; padding-left: 22px; max-width: 980px; }
            ol.story li { margin: 3px 0; }
            table.matrix { border-collapse: collapse; background: #fff; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
            table.matrix th, table.matrix td { border: 1px solid #d1d5db; padding: 7px 10px; vertical-align: top; }
            table.matrix thead th { background: #f3f4f6; text-align: left; min-width: 118px; }
            table.matrix th.corner { color: #6b7280; font-weight: normal; font-size: 13px; }
            table.matrix tbody th { text-align: left; background: #f9fafb; max-width: 300px; }
            .id { display: block; font: bold 13px "DejaVu Sans Mono", monospace; }
            .desc { display: block; font-weight: normal; font-size: 12px; color: #4b5563; }
            td.outcome a { font-weight: bold; text-decoration: none; color: inherit; }
            td.outcome span { display: block; font-size: 11px; }
            td.outcome .ok { color: #6b7280; }
            td.delivered, .badge.delivered { background: #dcfce7; color: #15803d; }
            td.intercepted, .badge.intercepted { background: #fee2e2; color: #b91c1c; }
            td.deferred, .badge.deferred { background: #fef3c7; color: #b45309; }
            td.none { color: #9ca3af; font-style: italic; }
            td.mismatch { outline: 3px solid #111827; outline-offset: -3px; }
            .flag { color: #fff; background: #111827; font-weight: bold; padding: 1px 5px; border-radius: 3px; font-size: 12px; }
            td.outcome .flag { margin-top: 3px; }
            p.verdict { font-size: 16px; font-weight: bold; padding: 9px 14px; border-radius: 6px; margin: 14px 0; }
            p.verdict.pass { background: #dcfce7; color: #14532d; }
            p.verdict.fail { background: #fee2e2; color: #7f1d1d; }
            p.verdict a { color: inherit; }
            .counts { font-weight: normal; color: #374151; margin-left: 8px; }
            p.legend { font-size: 13px; color: #374151; }
            svg.swatch { vertical-align: middle; margin: 0 3px 0 10px; }
            .badge { padding: 1px 7px; border-radius: 10px; font-size: 13px; font-weight: bold; }
            .badge.attacker { background: #fee2e2; color: #b91c1c; margin-left: 10px; }
            section.cell { background: #fff; border: 1px solid #e5e7eb; border-left: 6px solid #9ca3af; border-radius: 6px;
                           padding: 12px 16px; margin: 14px 0; }
            section.cell.delivered { border-left-color: #16a34a; }
            section.cell.intercepted { border-left-color: #dc2626; }
            section.cell.deferred { border-left-color: #d97706; }
            section.cell.mismatch { border: 3px solid #111827; border-left-width: 6px; }
            section.cell .x { color: #9ca3af; }
            p.line { margin: 2px 0; font-size: 15px; }
            p.expect { margin: 2px 0 8px; font-size: 13px; color: #374151; }
            div.diagram { overflow-x: auto; }
            svg.seq { display: block; }
            svg.seq text { font: 11.5px "DejaVu Sans Mono", monospace; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
            svg.seq text.actor { font: bold 13px system-ui, "DejaVu Sans", sans-serif; stroke: none; }
            svg.seq text.t { font-size: 10.5px; }
            p.back { margin: 0; font-size: 12px; }
            p.back a { color: #6b7280; }
            """;
}

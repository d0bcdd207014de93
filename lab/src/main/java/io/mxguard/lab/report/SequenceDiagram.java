package io.mxguard.lab.report;

import io.mxguard.lab.scenario.Cell;
import io.mxguard.lab.scenario.Outcome;
import io.mxguard.lab.scenario.TrailEvent;
import io.mxguard.lab.scenario.TrailEvent.Actor;
import io.mxguard.lab.scenario.TrailEvent.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * SequenceDiagram - one cell's trail as inline SVG: a lifeline per actor that appears (fixed
 * left-to-right order), an arrow per event in time order. DNS is dashed blue, SMTP solid grey,
 * STARTTLS/TLS teal with a padlock, the attacker's READ and FORWARD red, the verdict a note on
 * Alice's lifeline coloured by the cell's outcome. Long labels are cut; the tooltip has them whole.
 */
final class SequenceDiagram {
    private static final int GUTTER = 64;      // the "+12 ms" column
    private static final int FIT = 1210;       // what fits the page's column without scrolling
    private static final int MAX_COL = 400;    // one lifeline's lane, at most
    private static final int HEAD_TOP = 6;
    private static final int HEAD_H = 32;
    private static final int ROW = 30;
    private static final int SELF_ROW = 40;
    private static final int NOTE_ROW = 36;
    private static final double CHAR_W = 7.0;  // 11.5px DejaVu Sans Mono is about 6.9 px a glyph

    static final String DNS = "#2563eb";
    static final String SMTP = "#4b5563";
    static final String TLS = "#0f766e";
    static final String ATTACK = "#b91c1c";

    private final Cell cell;
    private final String id;
    private final List<Actor> actors;
    private final int col;
    private final int width;
    private final StringBuilder rows = new StringBuilder();
    private int y;

    private SequenceDiagram(Cell cell, String id) {
        this.cell = cell;
        this.id = id;
        EnumSet<Actor> seen = EnumSet.of(Actor.ALICE); // the sender is always on stage; verdicts sit on her line
        boolean selfOnRight = false;
        for (TrailEvent e : cell.trail()) {
            seen.add(e.from());
            seen.add(e.to());
        }
        this.actors = new ArrayList<>(seen); // EnumSet iterates in declaration order: left to right
        Actor rightmost = actors.get(actors.size() - 1);
        for (TrailEvent e : cell.trail()) {
            selfOnRight |= e.from() == e.to() && e.from() == rightmost && e.kind() != Kind.VERDICT;
        }
        int rightPad = selfOnRight ? 150 : 12;
        this.col = Math.min(MAX_COL, (FIT - GUTTER - rightPad) / actors.size());
        this.width = GUTTER + col * actors.size() + rightPad;
    }

    /** svg - the diagram of {@code cell}; {@code id} prefixes its element ids (unique in the page). */
    static String svg(Cell cell, String id) {
        return new SequenceDiagram(cell, id).draw();
    }

    private String draw() {
        y = HEAD_TOP + HEAD_H + 10;
        List<TrailEvent> trail = cell.trail();
        if (trail.isEmpty()) {
            rows.append(text(x(Actor.ALICE) + 12, y + 18, "start", "#6b7280", "no exchanges recorded"));
            y += ROW;
        }
        Instant start = trail.isEmpty() ? Instant.EPOCH : trail.get(0).at();
        int step = 1;
        for (TrailEvent e : trail) {
            rows.append("<g class=\"ev ").append(e.kind().name().toLowerCase(Locale.ROOT)).append("\"><title>")
                    .append(Html.escape(step + ". " + describe(e))).append("</title>");
            int rowTop = y;
            if (e.kind() == Kind.VERDICT) {
                note(e);
            } else if (e.from() == e.to()) {
                loop(e);
            } else {
                arrow(e);
            }
            rows.append(text(4, rowTop + 19, "start", "#6b7280", since(start, e.at())).replace("<text ", "<text class=\"t\" "));
            rows.append("</g>\n");
            step++;
        }
        int height = y + 8;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"seq\" id=\"").append(id).append("\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"")
                .append(Html.escape("sequence diagram: " + cell.attack() + " × " + cell.mode())).append("\">\n");
        svg.append(defs());
        for (Actor a : actors) {
            boolean bad = attacker(a);
            int x = x(a);
            svg.append("<line x1=\"").append(x).append("\" y1=\"").append(HEAD_TOP + HEAD_H).append("\" x2=\"").append(x)
                    .append("\" y2=\"").append(height - 4).append("\" stroke=\"").append(bad ? "#fca5a5" : "#d1d5db")
                    .append("\" stroke-width=\"2\" stroke-dasharray=\"3 4\"/>\n");
            svg.append("<rect x=\"").append(x - col / 2 + 14).append("\" y=\"").append(HEAD_TOP).append("\" width=\"")
                    .append(col - 28).append("\" height=\"").append(HEAD_H).append("\" rx=\"6\" fill=\"")
                    .append(bad ? "#fee2e2" : "#f3f4f6").append("\" stroke=\"").append(bad ? ATTACK : "#6b7280")
                    .append("\"/>\n");
            svg.append(text(x, HEAD_TOP + 21, "middle", bad ? ATTACK : "#111827", a.label()).replace("<text ", "<text class=\"actor\" "));
        }
        svg.append(rows).append("</svg>");
        return svg.toString();
    }

    /** arrow - from one lifeline to another, label above the line. */
    private void arrow(TrailEvent e) {
        int x1 = x(e.from());
        int x2 = x(e.to());
        int line = y + 21;
        int dir = x2 > x1 ? 1 : -1;
        String color = color(e.kind());
        if (e.kind() == Kind.TLS) { // a translucent tunnel behind the line: this hop is encrypted
            rows.append(line(x1, line, x2, line, color, 8, null, null).replace("/>", " stroke-opacity=\"0.18\"/>"));
        }
        rows.append(line(x1, line, x2 - dir * 2, line, color, width(e.kind()), dash(e.kind()), marker(e.kind())));
        int span = Math.abs(x2 - x1);
        boolean icon = e.kind() == Kind.STARTTLS || e.kind() == Kind.TLS;
        int room = span + col / 2 - 24 - (icon ? 16 : 0); // a label may overhang its arrow a little; the halo keeps it legible
        String shown = Html.truncate(e.label(), Math.max(8, (int) (room / CHAR_W)));
        int mid = (x1 + x2) / 2 + (icon ? 8 : 0);
        rows.append(text(mid, line - 7, "middle", labelColor(e.kind()), shown));
        if (icon) {
            int iconX = (int) (mid - Html.length(shown) * CHAR_W / 2) - 16;
            rows.append(lock(iconX, line - 20));
        }
        y += ROW;
    }

    /** loop - an event at one actor (the attacker reading the message): a small loop and a label. */
    private void loop(TrailEvent e) {
        int x = x(e.from());
        int top = y + 12;
        String color = color(e.kind());
        rows.append("<path d=\"M").append(x).append(',').append(top).append(" h30 v16 h-27\" fill=\"none\" stroke=\"")
                .append(color).append("\" stroke-width=\"").append(width(e.kind())).append('"')
                .append(dash(e.kind()) == null ? "" : " stroke-dasharray=\"" + dash(e.kind()) + "\"")
                .append(" marker-end=\"url(#").append(id).append('-').append(marker(e.kind())).append(")\"/>");
        boolean eye = e.kind() == Kind.READ;
        int textX = x + 38 + (eye ? 20 : 0);
        if (eye) {
            rows.append(eye(x + 38, top + 8));
        }
        int room = width - 8 - textX;
        rows.append(text(textX, top + 12, "start", labelColor(e.kind()), Html.truncate(e.label(), Math.max(8, (int) (room / CHAR_W)))));
        y += SELF_ROW;
    }

    /** note - the verdict, as a note on Alice's lifeline coloured by what became of the message. */
    private void note(TrailEvent e) {
        int x = x(Actor.ALICE) - col / 2 + 12;
        int top = y + 8;
        int maxW = width - 8 - x;
        String shown = Html.truncate(e.label(), Math.max(8, (int) ((maxW - 24) / CHAR_W)));
        int w = Math.min(maxW, (int) (Html.length(shown) * CHAR_W) + 24);
        String[] c = outcomeColors(cell.actual());
        rows.append("<path d=\"M").append(x).append(',').append(top).append(" h").append(w - 8).append(" l8,8 v")
                .append(18).append(" h-").append(w).append(" z\" fill=\"").append(c[1]).append("\" stroke=\"")
                .append(c[0]).append("\" stroke-width=\"1.5\"/>");
        rows.append(text(x + 10, top + 17, "start", c[0], shown).replace("<text ", "<text font-weight=\"bold\" "));
        y += NOTE_ROW;
    }

    private String defs() {
        StringBuilder d = new StringBuilder("<defs>");
        for (String[] m : new String[][] {{"dns", DNS}, {"smtp", SMTP}, {"tls", TLS}, {"attack", ATTACK}}) {
            d.append("<marker id=\"").append(id).append('-').append(m[0])
                    .append("\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"10\" markerHeight=\"10\""
                            + " markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"")
                    .append(m[1]).append("\"/></marker>");
        }
        return d.append("</defs>\n").toString();
    }

    private String line(int x1, int y1, int x2, int y2, String color, double w, String dash, String marker) {
        return "<line x1=\"" + x1 + "\" y1=\"" + y1 + "\" x2=\"" + x2 + "\" y2=\"" + y2 + "\" stroke=\"" + color
                + "\" stroke-width=\"" + w + '"' + (dash == null ? "" : " stroke-dasharray=\"" + dash + '"')
                + (marker == null ? "" : " marker-end=\"url(#" + id + '-' + marker + ")\"") + "/>";
    }

    /** text - an SVG text element; {@code content} is escaped here. */
    private static String text(int x, int y, String anchor, String color, String content) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" text-anchor=\"" + anchor + "\" fill=\"" + color + "\">"
                + Html.escape(content) + "</text>";
    }

    private static String lock(int x, int y) {
        return "<g transform=\"translate(" + x + ',' + y + ")\"><path d=\"M2.5,6 v-2.5 a3.5,3.5 0 0 1 7,0 v2.5\" fill=\"none\""
                + " stroke=\"" + TLS + "\" stroke-width=\"1.6\"/><rect x=\"0\" y=\"6\" width=\"12\" height=\"9\" rx=\"1.5\" fill=\""
                + TLS + "\"/></g>";
    }

    private static String eye(int x, int y) {
        return "<g transform=\"translate(" + x + ',' + y + ")\"><path d=\"M0,0 Q7,-7 14,0 Q7,7 0,0 z\" fill=\"#fff\" stroke=\""
                + ATTACK + "\" stroke-width=\"1.5\"/><circle cx=\"7\" cy=\"0\" r=\"2.4\" fill=\"" + ATTACK + "\"/></g>";
    }

    private int x(Actor a) {
        return GUTTER + col * actors.indexOf(a) + col / 2;
    }

    static boolean attacker(Actor a) {
        return a == Actor.ATTACKER_MX || a == Actor.STRIPPER || a == Actor.ATTACKER_RESOLVER;
    }

    static String color(Kind kind) {
        return switch (kind) {
            case DNS_QUERY, DNS_ANSWER -> DNS;
            case SMTP, VERDICT -> SMTP;
            case STARTTLS, TLS -> TLS;
            case READ, FORWARD -> ATTACK;
        };
    }

    private static String labelColor(Kind kind) {
        return kind == Kind.SMTP ? "#111827" : color(kind);
    }

    private static double width(Kind kind) {
        return kind == Kind.READ || kind == Kind.FORWARD ? 2.4 : 1.6;
    }

    private static String dash(Kind kind) {
        return kind == Kind.DNS_QUERY || kind == Kind.DNS_ANSWER ? "7 4" : null;
    }

    private static String marker(Kind kind) {
        return switch (kind) {
            case DNS_QUERY, DNS_ANSWER -> "dns";
            case SMTP, VERDICT -> "smtp";
            case STARTTLS, TLS -> "tls";
            case READ, FORWARD -> "attack";
        };
    }

    /** outcomeColors - {ink, background} for an outcome: delivered green, intercepted red, deferred amber. */
    static String[] outcomeColors(Outcome outcome) {
        return switch (outcome.kind()) {
            case DELIVERED -> new String[] {"#15803d", "#dcfce7"};
            case INTERCEPTED -> new String[] {"#b91c1c", "#fee2e2"};
            case DEFERRED -> new String[] {"#b45309", "#fef3c7"};
        };
    }

    private static String describe(TrailEvent e) {
        String what = switch (e.kind()) {
            case DNS_QUERY -> "DNS query";
            case DNS_ANSWER -> "DNS answer";
            case SMTP -> "SMTP";
            case STARTTLS -> "STARTTLS";
            case TLS -> "TLS";
            case READ -> "attacker reads";
            case FORWARD -> "attacker forwards";
            case VERDICT -> "verdict";
        };
        String who = e.from() == e.to() ? e.from().label() : e.from().label() + " → " + e.to().label();
        return what + ", " + who + ": " + e.label();
    }

    private static String since(Instant start, Instant at) {
        long ms = Duration.between(start, at).toMillis();
        return ms < 10_000 ? "+" + ms + " ms" : String.format(Locale.ROOT, "+%.1f s", ms / 1000.0);
    }
}

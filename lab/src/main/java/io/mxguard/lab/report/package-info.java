/**
 * Reports of a lab run. {@link io.mxguard.lab.report.HtmlReport} renders a
 * {@link io.mxguard.lab.scenario.Matrix} as one self-contained HTML5 page: the seed's story, the
 * matrix of attacks × sender modes with coloured outcomes (mismatches flagged), a verdict line, and
 * for each cell a sequence diagram in inline SVG of who talked to whom.
 *
 * <p>Inputs are values; output is a string (or a file). Every label comes from DNS or SMTP data
 * and is HTML-escaped; the page has no scripts and references nothing outside itself. Pure and
 * thread-safe.
 */
package io.mxguard.lab.report;

package io.mxguard.lab.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mxguard.interop.Peer;
import io.mxguard.lab.scenario.Cell;
import io.mxguard.lab.scenario.Matrix;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HtmlReportChromiumTest - the sample report loaded from a file:// URL in Debian's headless
 * chromium: the DOM it builds has the matrix and one diagram per cell, and a screenshot is kept at
 * {@code lab/target/lab-report.png} (the page beside it) for a person to look at.
 */
class HtmlReportChromiumTest {
    private static final Path PAGE = Path.of("target", "lab-report.html").toAbsolutePath();
    private static final Path SHOT = Path.of("target", "lab-report.png").toAbsolutePath();

    private Path chromium;
    private Path profile;

    @BeforeEach
    void setUp() throws IOException {
        chromium = Peer.require("chromium", "chromium");
        profile = Files.createTempDirectory("mxguard-chromium");
    }

    @AfterEach
    void tearDown() throws IOException {
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void chromium_buildsTheMatrixAndEveryDiagram_andScreenshotsThePage() throws Exception {
        Matrix matrix = SampleMatrix.matrix();
        HtmlReport.write(matrix, PAGE);

        Peer.Result dom = Peer.run(null, command("--dump-dom", PAGE.toUri().toString()));
        assertEquals(0, dom.exit(), dom.toString());
        String out = dom.output();
        assertEquals(1, HtmlReportTest.count(out, "<table class=\"matrix\">"), dom.toString());
        assertEquals(matrix.cells().size(), HtmlReportTest.count(out, "<td class=\"outcome "), "matrix cells in the DOM");
        assertEquals(matrix.cells().size(), HtmlReportTest.count(out, "<svg class=\"seq\""), "one diagram per cell in the DOM");
        for (Cell c : matrix.cells()) {
            String id = Html.cellId(c.attack(), c.mode());
            assertTrue(out.contains("<section class=\"cell " + c.actual().kind().name().toLowerCase(Locale.ROOT) + "\" id=\"" + id + "\">"),
                    "detail section " + id);
        }
        assertTrue(out.contains("&lt;script&gt;"), "the hostile label stays text in the DOM");

        Files.deleteIfExists(SHOT);
        Peer.Result shot = Peer.run(null, command("--screenshot=" + SHOT, "--window-size=1400,2400", PAGE.toUri().toString()));
        assertEquals(0, shot.exit(), shot.toString());
        assertTrue(Files.size(SHOT) > 20_000, "a real screenshot, not an empty page: " + Files.size(SHOT) + " bytes");
        try (InputStream in = Files.newInputStream(SHOT)) {
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, in.readNBytes(4), "a PNG");
        }
    }

    /** command - chromium headless, offline: no sandbox (root in CI), no GPU, nothing phoning Google. */
    private List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        return cmd;
    }
}

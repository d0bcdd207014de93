package io.mxguard.lab.smtp;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;

/**
 * ProxiedConnection - what a {@link StartTlsStripper} saw and did on one connection: the plaintext
 * transcript (message bodies left out: see {@link StartTlsStripper#readMessages()}) and the two ways it
 * interfered.
 *
 * @param id                  the stripper's sequence number of the connection
 * @param client              the client's address
 * @param opened              when the client connected
 * @param transcript          command and reply lines, in the order the stripper handled them
 * @param transcriptTruncated lines were left out once the transcript reached its bound
 * @param startTlsStripped    an EHLO reply's STARTTLS line was removed
 * @param startTlsRefused     the client sent STARTTLS anyway and the stripper answered 454 itself
 * @param ended               both directions are finished
 */
public record ProxiedConnection(int id, InetSocketAddress client, Instant opened, List<Line> transcript,
                                boolean transcriptTruncated, boolean startTlsStripped, boolean startTlsRefused,
                                boolean ended) {
    public ProxiedConnection {
        transcript = List.copyOf(transcript);
    }

    /** Side - who said a line: the client, the upstream server, or the stripper itself. */
    public enum Side { CLIENT, SERVER, STRIPPER }

    /** Line - one line of the transcript, without its terminator, control bytes escaped. */
    public record Line(Side side, String text) {
        @Override
        public String toString() {
            return (side == Side.CLIENT ? "C: " : side == Side.SERVER ? "S: " : "X: ") + text;
        }
    }

    /** said - the lines one side said. */
    public List<String> said(Side side) {
        return transcript.stream().filter(l -> l.side() == side).map(Line::text).toList();
    }
}

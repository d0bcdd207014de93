package io.mxguard.smtp.server;

import io.mxguard.queue.QueueEnvelope.Ret;
import io.mxguard.smtp.DsnNotify;
import io.mxguard.smtp.Xtext;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parameters - the ESMTP parameters of MAIL FROM and RCPT TO (RFC 5321 §4.1.2 esmtp-param): only those
 * we advertise, each at most once, values checked. Pure; a refusal carries its reply.
 */
final class Parameters {
    private static final Pattern KEYWORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");

    /** Mail - what MAIL FROM asked for; size is -1 when not declared. */
    record Mail(long size, boolean eightBit, boolean smtpUtf8, Ret ret, Optional<String> envelopeId,
                boolean requireTls) {
    }

    /** Rcpt - what RCPT TO asked for (RFC 3461 §4.1, §4.2). */
    record Rcpt(Set<DsnNotify> notifyOn, Optional<String> originalRecipient) {
    }

    private Parameters() {
    }

    /** mail - MAIL FROM parameters; REQUIRETLS only when TLS is up, as only then it is advertised (RFC 8689 §4.1). */
    static Mail mail(String text, long maxSize, boolean tlsActive) throws Refusal {
        long size = -1;
        boolean eightBit = false;
        boolean utf8 = false;
        Ret ret = Ret.DEFAULT;
        Optional<String> envid = Optional.empty();
        boolean requireTls = false;
        for (Map.Entry<String, String> p : split(text).entrySet()) {
            String value = p.getValue();
            switch (p.getKey()) {
                case "SIZE" -> {
                    // RFC 1870 §6: size-value = 1*20DIGIT; over our limit is refused at MAIL with 552.
                    if (value == null || !value.matches("[0-9]{1,20}")) {
                        throw Refusal.syntax("SIZE needs a number");
                    }
                    size = value.length() > 18 ? Long.MAX_VALUE : Long.parseLong(value);
                    if (size > maxSize) {
                        throw new Refusal(552, "5.3.4 message size exceeds fixed limit of " + maxSize + " octets");
                    }
                }
                case "BODY" -> {
                    String body = value == null ? "" : value.toUpperCase(Locale.ROOT);
                    if (!body.equals("7BIT") && !body.equals("8BITMIME")) {
                        throw new Refusal(555, "5.5.4 BODY must be 7BIT or 8BITMIME");
                    }
                    eightBit = body.equals("8BITMIME");
                }
                case "SMTPUTF8" -> {
                    noValue(p);
                    utf8 = true;
                }
                case "RET" -> {
                    String r = value == null ? "" : value.toUpperCase(Locale.ROOT);
                    if (!r.equals("FULL") && !r.equals("HDRS")) {
                        throw Refusal.syntax("RET must be FULL or HDRS");
                    }
                    ret = Ret.valueOf(r);
                }
                case "ENVID" -> {
                    // RFC 3461 §4.4: at most 100 characters, xtext; kept as given (encoded), passed on as given.
                    if (value == null || value.length() > 100 || !Xtext.isValid(value)) {
                        throw Refusal.syntax("ENVID must be xtext of at most 100 characters");
                    }
                    envid = Optional.of(value);
                }
                case "REQUIRETLS" -> {
                    if (!tlsActive) {
                        throw new Refusal(555, "5.5.4 REQUIRETLS is only offered over TLS");
                    }
                    noValue(p);
                    requireTls = true;
                }
                default -> throw new Refusal(555, "5.5.4 unsupported MAIL parameter " + p.getKey());
            }
        }
        return new Mail(size, eightBit, utf8, ret, envid, requireTls);
    }

    /** rcpt - RCPT TO parameters: NOTIFY and ORCPT (RFC 3461). */
    static Rcpt rcpt(String text) throws Refusal {
        Set<DsnNotify> notify = EnumSet.noneOf(DsnNotify.class);
        Optional<String> orcpt = Optional.empty();
        for (Map.Entry<String, String> p : split(text).entrySet()) {
            String value = p.getValue();
            switch (p.getKey()) {
                case "NOTIFY" -> {
                    if (value == null) {
                        throw Refusal.syntax("NOTIFY needs a value");
                    }
                    for (String item : value.split(",", -1)) {
                        try {
                            notify.add(DsnNotify.valueOf(item.toUpperCase(Locale.ROOT)));
                        } catch (IllegalArgumentException e) {
                            throw Refusal.syntax("NOTIFY value " + item + " is not NEVER, SUCCESS, FAILURE or DELAY");
                        }
                    }
                    // RFC 3461 §4.1: NEVER stands alone.
                    if (notify.contains(DsnNotify.NEVER) && notify.size() > 1) {
                        throw Refusal.syntax("NOTIFY=NEVER cannot be combined");
                    }
                }
                case "ORCPT" -> {
                    // RFC 3461 §4.2: addr-type ";" xtext, at most 500 characters; kept as given, still xtext, so
                    // that relaying passes it on unchanged (§5.2.1(d): not even the case of a letter changes).
                    if (value == null || !Xtext.isOriginalRecipient(value)) {
                        throw Refusal.syntax("ORCPT must be addr-type;xtext");
                    }
                    orcpt = Optional.of(value);
                }
                default -> throw new Refusal(555, "5.5.4 unsupported RCPT parameter " + p.getKey());
            }
        }
        return new Rcpt(notify, orcpt);
    }

    // keyword[=value] separated by single spaces; keywords are case-insensitive and must not repeat.
    private static Map<String, String> split(String text) throws Refusal {
        Map<String, String> params = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return params;
        }
        for (String item : text.split(" +")) {
            int eq = item.indexOf('=');
            String keyword = eq < 0 ? item : item.substring(0, eq);
            String value = eq < 0 ? null : item.substring(eq + 1);
            if (!KEYWORD.matcher(keyword).matches() || (value != null && value.isEmpty())) {
                throw Refusal.syntax("bad parameter '" + item + "'");
            }
            String key = keyword.toUpperCase(Locale.ROOT);
            if (params.containsKey(key)) {
                throw Refusal.syntax("parameter " + keyword + " given twice");
            }
            params.put(key, value);
        }
        return params;
    }

    private static void noValue(Map.Entry<String, String> p) throws Refusal {
        if (p.getValue() != null) {
            throw Refusal.syntax(p.getKey() + " takes no value");
        }
    }
}

package org.lmxbridge.internal.log;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exchange trace: the request and response XML of every exchange with processing, written to the
 * log (logger {@value #LOGGER} at TRACE: {@code "logLevel":"trace"}, or switched on at run time from
 * the console, {@link LogControl#exchangeTrace(boolean)}) — the first thing Loymax's own support asks
 * for. Personal data is masked as everywhere else, knowing the protocol's XML:
 * <ul>
 * <li>{@code Identifier/@Value} (card number, phone): the last four characters ({@link Mask#identifier});</li>
 * <li>any {@code @Pin}: {@code ***} (a PIN never reaches a log);</li>
 * <li>{@code IdentifierData/Item} (the card holder's name, phone, e-mail, …): {@code ***}, except the
 *     items that carry nothing personal ({@link #PLAIN_ITEMS});</li>
 * <li>every other attribute and text: the digit safety net {@link Mask#text} — except ids
 *     ({@code …ID}, {@code …Id}: operation, purchase, goods) and decimal amounts, which stay readable.</li>
 * </ul>
 * An answer that is not well-formed XML is written with the digit net only and everything from an
 * {@code IdentifierData} on cut off. At most {@value #MAX_CHARS} characters per message.
 */
public final class ExchangeTrace {
    private ExchangeTrace() {
    }

    public static final String LOGGER = "org.lmxbridge.exchange";
    static final int MAX_CHARS = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    /** {@code IdentifierData} items that hold nothing personal. */
    static final Set<String> PLAIN_ITEMS = Set.of("MaskedNumber", "CardType", "Status", "CardStatus");
    private static final Pattern AMOUNT = Pattern.compile("-?\\d{1,15}\\.\\d{1,6}");

    private static final XMLInputFactory FACTORY = factory();

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    /** True when exchanges are traced (checked before any work on the call's path). */
    public static boolean enabled() {
        return LOG.isTraceEnabled();
    }

    /** Traces the request about to be sent to {@code url}. */
    public static void request(String register, String url, byte[] body, Charset charset) {
        if (!LOG.isTraceEnabled()) return;
        LOG.trace("{} request to {}: {}", register, url, masked(body, charset));
    }

    /** Traces the answer received: its HTTP status and body. */
    public static void response(String register, int httpStatus, byte[] body, long ms) {
        if (!LOG.isTraceEnabled()) return;
        LOG.trace("{} response HTTP {} in {} ms: {}", register, httpStatus, ms, body == null ? "(no body)" : masked(body, null));
    }

    /** Traces an exchange that got no answer (connect failure, timeout, broken connection). */
    public static void failure(String register, String why, long ms) {
        if (!LOG.isTraceEnabled()) return;
        LOG.trace("{} no answer after {} ms: {}", register, ms, Mask.text(why));
    }

    /** The XML with personal data masked, as one line. {@code charset} null: as the document declares. */
    public static String masked(byte[] body, Charset charset) {
        if (body == null || body.length == 0) return "(empty)";
        StringBuilder out = new StringBuilder(Math.min(body.length + 64, MAX_CHARS + 64));
        try {
            XMLStreamReader r = charset == null ? FACTORY.createXMLStreamReader(new ByteArrayInputStream(body))
                    : FACTORY.createXMLStreamReader(new ByteArrayInputStream(body), charset.name());
            try {
                walk(r, out);
            } finally {
                r.close();
            }
        } catch (XMLStreamException | RuntimeException e) {
            return "(not well-formed XML, " + body.length + " bytes) " + raw(body, charset);
        }
        return cut(out);
    }

    private static void walk(XMLStreamReader r, StringBuilder out) throws XMLStreamException {
        int depthInIdentifierData = 0;
        boolean secretItem = false;
        String element = "";
        while (r.hasNext() && out.length() < MAX_CHARS) {
            int ev = r.next();
            switch (ev) {
                case XMLStreamConstants.START_ELEMENT -> {
                    element = r.getLocalName();
                    if (depthInIdentifierData > 0) depthInIdentifierData++;
                    if ("IdentifierData".equals(element)) depthInIdentifierData = 1;
                    secretItem = false;
                    out.append('<').append(element);
                    String itemName = null;
                    for (int i = 0; i < r.getAttributeCount(); i++) {
                        String name = r.getAttributeLocalName(i);
                        String value = r.getAttributeValue(i);
                        if ("Name".equals(name)) itemName = value;
                        out.append(' ').append(name).append("=\"");
                        escape(out, attribute(element, name, value));
                        out.append('"');
                    }
                    if (depthInIdentifierData > 1 && (itemName == null || !PLAIN_ITEMS.contains(itemName))) secretItem = true;
                    out.append('>');
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                    String t = r.getText();
                    if (t.isBlank()) continue;
                    if (secretItem) escape(out, "***");
                    else escape(out, isId(element) || AMOUNT.matcher(t.trim()).matches() ? t.trim() : Mask.text(t.trim()));
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    out.append("</").append(r.getLocalName()).append('>');
                    if (depthInIdentifierData > 0) depthInIdentifierData--;
                    secretItem = false;
                }
                default -> {
                    // prolog, comments and processing instructions are not part of the exchange's content
                }
            }
        }
    }

    private static String attribute(String element, String name, String value) {
        if (value == null) return "";
        if (name.toLowerCase(Locale.ROOT).contains("pin")) return "***";
        if ("Identifier".equals(element) && "Value".equals(name)) return Mask.identifier(value);
        if (isId(name) || AMOUNT.matcher(value).matches()) return value;
        return Mask.text(value);
    }

    private static boolean isId(String name) {
        return name.endsWith("ID") || name.endsWith("Id");
    }

    private static void escape(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\n', '\r', '\t' -> out.append(' ');
                default -> out.append(c < 0x20 ? '?' : c);
            }
        }
    }

    private static String raw(byte[] body, Charset charset) {
        String s = new String(body, 0, Math.min(body.length, MAX_CHARS), charset == null ? StandardCharsets.UTF_8 : charset);
        int data = s.indexOf("IdentifierData");
        if (data >= 0) s = s.substring(0, data) + "… (the rest is left out: it may hold the card holder's data)";
        StringBuilder b = new StringBuilder(s.length());
        escapeRaw(b, Mask.text(s));
        return b.toString();
    }

    private static void escapeRaw(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(c == '\n' || c == '\r' || c == '\t' ? ' ' : c < 0x20 ? '?' : c);
        }
    }

    private static String cut(StringBuilder out) {
        if (out.length() <= MAX_CHARS) return out.toString();
        return out.substring(0, MAX_CHARS) + "… (cut at " + MAX_CHARS + " characters)";
    }
}

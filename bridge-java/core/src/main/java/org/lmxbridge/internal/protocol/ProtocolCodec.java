package org.lmxbridge.internal.protocol;

import org.lmxbridge.internal.text.Msg;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import com.fasterxml.jackson.dataformat.xml.ser.ToXmlGenerator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Protocol 3.2 envelopes to bytes and back. Thread-safe.
 *
 * <p>Responses come from the network and are treated as hostile: a document type declaration is
 * refused before parsing (no DTD, no entity of any kind is ever expanded), the parser itself has
 * DTD support and external entities switched off, the body size is capped by the transport, and a
 * root other than {@code XMLResponse} is an error.
 */
public final class ProtocolCodec {
    private final XmlMapper mapper;
    private final XMLInputFactory inputFactory;
    /** Bound once: a reader or writer per call would look the type up in the mapper's caches every time. */
    private final ObjectReader responseReader;
    private final ObjectWriter requestWriter;

    public ProtocolCodec() {
        this.inputFactory = secureInputFactory();
        this.mapper = XmlMapper.builder(XmlFactory.builder().xmlInputFactory(inputFactory).build())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(ToXmlGenerator.Feature.WRITE_XML_DECLARATION)
                .build();
        this.responseReader = mapper.readerFor(XmlResponseEnvelope.class);
        this.requestWriter = mapper.writerFor(XmlRequestEnvelope.class);
    }

    static XMLInputFactory secureInputFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f;
    }

    /** The request as bytes in {@code charset}, with an XML declaration naming it. */
    public byte[] encode(XmlRequestEnvelope envelope, Charset charset) {
        try {
            String body = requestWriter.writeValueAsString(envelope);
            String xml = "<?xml version=\"1.0\" encoding=\"" + charset.name() + "\"?>\n" + body;
            return xml.getBytes(charset);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write request XML: " + e.getMessage(), e);
        }
    }

    /** Parses a request (used by tests and tools, never for data from the network). */
    public XmlRequestEnvelope decodeRequest(byte[] body) throws ProtocolException {
        refuseDoctype(body);
        try {
            return mapper.readValue(body, XmlRequestEnvelope.class);
        } catch (IOException e) {
            throw new ProtocolException(Msg.of("xml.request.malformed", e.getMessage()), false, e);
        }
    }

    /** Parses a response; refuses DTDs, wrong roots and malformed XML with a clear sentence. */
    public XmlResponseEnvelope decode(byte[] body) throws ProtocolException {
        if (body == null || body.length == 0) {
            throw new ProtocolException(Msg.of("xml.answer.empty"));
        }
        refuseDoctype(body);
        // one pass: the reader is moved to the root element (refusing a DTD on the way), its name is
        // checked (Jackson itself ignores the root's name), and Jackson binds from there
        XMLStreamReader r = null;
        try {
            r = inputFactory.createXMLStreamReader(new ByteArrayInputStream(body));
            String root = toRoot(r);
            if (!"XMLResponse".equals(root)) {
                throw new ProtocolException(Msg.of("xml.answer.root", root));
            }
            XmlResponseEnvelope env;
            try {
                env = responseReader.readValue(mapper.getFactory().createParser(r));
            } catch (IOException e) {
                throw new ProtocolException(Msg.of("xml.answer.malformed", firstLine(e.getMessage())), false, e);
            }
            if (env == null || env.errorCode == null) {
                throw new ProtocolException(Msg.of("xml.answer.noErrorCode"));
            }
            return env;
        } catch (XMLStreamException e) {
            throw new ProtocolException(Msg.of("xml.answer.notWellFormed", firstLine(e.getMessage())), false, e);
        } finally {
            close(r);
        }
    }

    private static void refuseDoctype(byte[] body) throws ProtocolException {
        // Scan the prolog (and a little beyond) byte by byte: '<!DOCTYPE' and '<!ENTITY' are ASCII in
        // every charset we accept; any case is refused
        int n = Math.min(body.length, 4096);
        for (int i = 0; i + 1 < n; i++) {
            if (body[i] == '<' && body[i + 1] == '!' && (startsWithIgnoreCase(body, i + 2, n, "DOCTYPE") || startsWithIgnoreCase(body, i + 2, n, "ENTITY"))) {
                throw new ProtocolException(Msg.of("xml.answer.doctype"));
            }
        }
    }

    private static boolean startsWithIgnoreCase(byte[] b, int at, int end, String word) {
        if (at + word.length() > end) return false;
        for (int k = 0; k < word.length(); k++) {
            int c = b[at + k] & 0xFF;
            if (c >= 'a' && c <= 'z') c -= 'a' - 'A';
            if (c != word.charAt(k)) return false;
        }
        return true;
    }

    /** Moves {@code r} to the root element and returns its name; a DTD or no element at all is refused. */
    private static String toRoot(XMLStreamReader r) throws XMLStreamException, ProtocolException {
        int ev = r.getEventType();
        while (ev != XMLStreamConstants.START_ELEMENT) {
            if (!r.hasNext()) throw new ProtocolException(Msg.of("xml.answer.noElement"));
            ev = r.next();
            if (ev == XMLStreamConstants.DTD) {
                throw new ProtocolException(Msg.of("xml.answer.dtd"));
            }
        }
        return r.getLocalName();
    }

    private static void close(XMLStreamReader r) {
        if (r == null) return;
        try {
            r.close();
        } catch (XMLStreamException ignored) {
            // closing a reader over a byte array cannot lose anything
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }
}

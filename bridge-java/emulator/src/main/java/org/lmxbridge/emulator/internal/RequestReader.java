package org.lmxbridge.emulator.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.lmxbridge.protocol.ServerError;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses a request body with the JDK DOM parser (DTDs and external entities disabled, secure processing on),
 * validates it against {@link Schema} and maps it to a {@link Request}. Independent of bridge-core's mapping.
 */
final class RequestReader {

    /** Either a request or a root-level error; {@code commandHint} names the command when it could be read. */
    record Outcome(Request request, ServerError rootError, String rootMessage, String commandHint) {
    }

    private final Schema schema = new Schema();
    private final DocumentBuilderFactory factory;

    RequestReader() {
        factory = DocumentBuilderFactory.newInstance();
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser does not support secure processing", e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setNamespaceAware(true);
        factory.setCoalescing(true);
        factory.setIgnoringComments(true);
    }

    Outcome read(byte[] body) {
        Document doc;
        try {
            DocumentBuilder b = factory.newDocumentBuilder();
            b.setErrorHandler(SILENT);
            b.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("External entities are not allowed");
            });
            doc = b.parse(new InputSource(new ByteArrayInputStream(body)));
        } catch (SAXParseException e) {
            return rootError(ServerError.PARSE_ERROR, e.getMessage() + " Line " + e.getLineNumber()
                    + ", position " + e.getColumnNumber() + ".", null);
        } catch (SAXException | IOException | ParserConfigurationException e) {
            return rootError(ServerError.PARSE_ERROR, String.valueOf(e.getMessage()), null);
        }
        Element root = doc.getDocumentElement();
        String hint = commandHint(root);
        try {
            schema.validate(root);
        } catch (Schema.Violation v) {
            return rootError(ServerError.PARSE_ERROR, v.getMessage(), hint);
        }
        Element version = child(root, "Version");
        String ver = version.getTextContent().strip();
        if (!"3.2".equals(ver)) {
            return rootError(ServerError.VERSION_ERROR, "Protocol version '" + ver + "' is not supported. Use 3.2.",
                    hint);
        }
        Element container = (Element) nextElement(version.getNextSibling());
        Command command = Command.byContainer(container.getTagName());
        Element req = child(container, command.requestElement());
        try {
            return new Outcome(map(command, req), null, null, command.protocolName());
        } catch (IllegalArgumentException e) {
            return rootError(ServerError.FORMAT_EXCEPTION, e.getMessage(), hint);
        }
    }

    private static Outcome rootError(ServerError e, String message, String hint) {
        return new Outcome(null, e, message, hint);
    }

    /** The command of the first container under the root, when it is a known one (for metrics/fault scope). */
    private static String commandHint(Element root) {
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element) {
                Command c = Command.byContainer(((Element) n).getTagName());
                if (c != null) {
                    return c.protocolName();
                }
            }
        }
        return null;
    }

    private static Request map(Command command, Element r) {
        Request.Identifier identifier = null;
        Element id = child(r, "Identifier");
        if (id != null) {
            identifier = new Request.Identifier(id.getAttribute("Type").strip(), id.getAttribute("Value"),
                    id.hasAttribute("Pin") ? id.getAttribute("Pin") : null);
        }
        Request.Cheque cheque = null;
        Element ch = child(r, "Cheque");
        if (ch != null) {
            List<Request.Line> lines = new ArrayList<>();
            java.util.Set<Integer> posIds = new java.util.HashSet<>();
            for (Element l : children(ch, "ChequeLine")) {
                int pos = Integer.parseInt(l.getAttribute("PosID").strip());
                if (!posIds.add(pos)) {
                    throw new IllegalArgumentException("Duplicate PosID " + pos + " in Cheque.");
                }
                BigDecimal qty = dec(l, "Quantity");
                BigDecimal amount = dec(l, "Amount");
                if (qty.signum() <= 0) {
                    throw new IllegalArgumentException("Quantity of PosID " + pos + " must be positive.");
                }
                if (amount.signum() < 0) {
                    throw new IllegalArgumentException("Amount of PosID " + pos + " must not be negative.");
                }
                lines.add(new Request.Line(pos, attr(l, "GoodsId"), attr(l, "Name"), dec(l, "Price"), qty,
                        Money.money(amount)));
            }
            LocalDateTime date = LocalDateTime.parse(ch.getAttribute("ChequeDate").strip().substring(0, 19));
            cheque = new Request.Cheque(attr(ch, "ChequeNumber"), date, List.copyOf(lines));
        }
        List<String> coupons = new ArrayList<>();
        Element cs = child(r, "Coupons");
        if (cs != null) {
            for (Element c : children(cs, "Coupon")) {
                coupons.add(c.getAttribute("Number").strip());
            }
        }
        List<Request.Pay> pays = new ArrayList<>();
        Element ps = child(r, "Pays");
        if (ps != null) {
            for (Element p : children(ps, "Pay")) {
                pays.add(new Request.Pay(p.getAttribute("Type"), dec(p, "Amount")));
            }
        }
        List<Request.Param> params = new ArrayList<>();
        Element prs = child(r, "Params");
        if (prs != null) {
            for (Element p : children(prs, "Param")) {
                params.add(new Request.Param(p.getAttribute("Name"), attr(p, "Type"), attr(p, "Value")));
            }
        }
        BigDecimal amount = dec(r, "Amount");
        if (amount != null && amount.signum() < 0) {
            throw new IllegalArgumentException("Amount must not be negative.");
        }
        return new Request(command, attr(r, "ElementID"), r.getAttribute("OperationID"), attr(r, "OperationDate"),
                attr(r, "DeviceLogicalID"), attr(r, "PurchaseID"), attr(r, "Cashier"), identifier, cheque,
                List.copyOf(coupons), List.copyOf(pays), amount, attr(r, "RefundPurchaseID"), List.copyOf(params));
    }

    private static String attr(Element e, String name) {
        return e.hasAttribute(name) ? e.getAttribute(name) : null;
    }

    private static BigDecimal dec(Element e, String name) {
        return e.hasAttribute(name) ? new BigDecimal(e.getAttribute(name).strip()) : null;
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && ((Element) n).getTagName().equals(name)) {
                return (Element) n;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && ((Element) n).getTagName().equals(name)) {
                out.add((Element) n);
            }
        }
        return out;
    }

    private static Node nextElement(Node n) {
        while (n != null && !(n instanceof Element)) {
            n = n.getNextSibling();
        }
        return n;
    }

    private static final ErrorHandler SILENT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };
}

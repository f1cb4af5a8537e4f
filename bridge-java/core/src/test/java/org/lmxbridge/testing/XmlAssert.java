package org.lmxbridge.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Compares two XML documents element by element: names, order of children, attributes, text. */
public final class XmlAssert {
    private XmlAssert() {
    }

    public static Document parse(byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new AssertionError("not parseable XML: " + e.getMessage(), e);
        }
    }

    public static void assertSameXml(byte[] expected, byte[] actual) {
        compare(parse(expected).getDocumentElement(), parse(actual).getDocumentElement(), "");
    }

    private static void compare(Element e, Element a, String path) {
        String here = path + "/" + e.getTagName();
        assertEquals(e.getTagName(), a.getTagName(), "element name at " + path);
        assertEquals(attributes(e), attributes(a), "attributes of " + here);
        List<Element> ec = children(e);
        List<Element> ac = children(a);
        List<String> en = new ArrayList<>();
        List<String> an = new ArrayList<>();
        ec.forEach(x -> en.add(x.getTagName()));
        ac.forEach(x -> an.add(x.getTagName()));
        assertEquals(en, an, "children (in order) of " + here);
        if (ec.isEmpty()) {
            assertEquals(e.getTextContent().trim(), a.getTextContent().trim(), "text of " + here);
        }
        for (int i = 0; i < ec.size(); i++) {
            compare(ec.get(i), ac.get(i), here);
        }
    }

    private static Map<String, String> attributes(Element e) {
        Map<String, String> m = new TreeMap<>();
        NamedNodeMap nm = e.getAttributes();
        for (int i = 0; i < nm.getLength(); i++) {
            Node n = nm.item(i);
            if (n.getNodeName().startsWith("xmlns")) continue;
            m.put(n.getNodeName(), n.getNodeValue());
        }
        return m;
    }

    private static List<Element> children(Element e) {
        List<Element> l = new ArrayList<>();
        NodeList nl = e.getChildNodes();
        for (int i = 0; i < nl.getLength(); i++) {
            if (nl.item(i) instanceof Element c) l.add(c);
        }
        return l;
    }

    public static byte[] resource(String name) {
        try (var in = XmlAssert.class.getResourceAsStream(name)) {
            if (in == null) fail("missing test resource " + name);
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}

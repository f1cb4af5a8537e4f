package org.lmxbridge.emulator.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * The request schema of protocol 3.2 as {@code docs/wire-format.md} fixes it, and a validator that reports
 * the first violation in document order with the wording of the real (.NET XmlSchema) server, e.g.
 * "The element 'AvailableAmountRequest' has invalid child element 'Coupons'. List of possible elements
 * expected: 'Identifier'."
 */
final class Schema {

    enum Type { STRING, DECIMAL, INT, DATETIME, IDENTIFIER_TYPE }

    enum Content { ELEMENTS, EMPTY, TEXT }

    record Attribute(String name, Type type, boolean required) {
    }

    /** A sequence member: one of {@code names}, {@code min..max} times. */
    record Particle(List<String> names, int min, int max) {
        static Particle one(String name) {
            return new Particle(List.of(name), 1, 1);
        }

        static Particle opt(String name) {
            return new Particle(List.of(name), 0, 1);
        }

        static Particle many(String name) {
            return new Particle(List.of(name), 1, Integer.MAX_VALUE);
        }
    }

    record ElementType(Content content, Map<String, Attribute> attributes, List<Particle> particles) {
    }

    static final class Violation extends Exception {
        private static final long serialVersionUID = 1L;

        Violation(String message) {
            super(message, null, false, false);
        }
    }

    static final Set<String> IDENTIFIER_TYPES =
            Set.of("Auto", "CardNumber", "CardBarCode", "CardTrack2", "Phone", "QrCode", "Coupon");

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
    private static final Pattern INT = Pattern.compile("[+-]?\\d{1,9}");
    private static final Pattern DATETIME =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})?");

    /** Element types by element name (names are unique across the request schema). */
    private final Map<String, ElementType> types = new LinkedHashMap<>();

    Schema() {
        List<String> containers = new ArrayList<>();
        for (Command c : Command.values()) {
            containers.add(c.container());
        }
        types.put("XMLRequest", elements(Map.of(),
                Particle.one("Version"), new Particle(containers, 1, 1)));
        types.put("Version", new ElementType(Content.TEXT, Map.of(), List.of()));
        for (Command c : Command.values()) {
            types.put(c.container(), elements(Map.of(), Particle.one(c.requestElement())));
        }
        types.put("BalanceRequest", elements(common(false), Particle.one("Identifier")));
        types.put("CalculateRequest", elements(common(true),
                Particle.opt("Identifier"), Particle.one("Cheque"), Particle.opt("Coupons"), Particle.opt("Params")));
        types.put("AvailableAmountRequest", elements(common(true),
                Particle.one("Cheque"), Particle.one("Identifier")));
        types.put("PaymentRequest", elements(common(true, attr("Amount", Type.DECIMAL, true)),
                Particle.one("Cheque"), Particle.one("Identifier"), Particle.opt("Coupons")));
        types.put("DiscountRequest", elements(common(true),
                Particle.opt("Identifier"), Particle.one("Cheque"), Particle.opt("Coupons"), Particle.opt("Params"),
                Particle.opt("Pays")));
        types.put("ConfirmPurchaseRequest", new ElementType(Content.EMPTY, common(true), List.of()));
        types.put("CancelPurchaseRequest", new ElementType(Content.EMPTY, common(true), List.of()));
        types.put("RefundRequest", elements(common(true, attr("RefundPurchaseID", Type.STRING, true)),
                Particle.opt("Identifier"), Particle.one("Cheque")));

        types.put("Identifier", new ElementType(Content.EMPTY, attrs(
                attr("Type", Type.IDENTIFIER_TYPE, true), attr("Value", Type.STRING, true),
                attr("Pin", Type.STRING, false)), List.of()));
        types.put("Cheque", elements(attrs(
                attr("ChequeNumber", Type.STRING, false), attr("ChequeDate", Type.DATETIME, true)),
                Particle.many("ChequeLine")));
        types.put("ChequeLine", new ElementType(Content.EMPTY, attrs(
                attr("PosID", Type.INT, true), attr("Amount", Type.DECIMAL, true), attr("Name", Type.STRING, false),
                attr("GoodsId", Type.STRING, false), attr("Price", Type.DECIMAL, false),
                attr("Quantity", Type.DECIMAL, true)), List.of()));
        types.put("Coupons", elements(Map.of(), Particle.many("Coupon")));
        types.put("Coupon", new ElementType(Content.EMPTY, attrs(attr("Number", Type.STRING, true)), List.of()));
        types.put("Params", elements(Map.of(), Particle.many("Param")));
        types.put("Param", new ElementType(Content.EMPTY, attrs(attr("Name", Type.STRING, true),
                attr("Type", Type.STRING, false), attr("Value", Type.STRING, false)), List.of()));
        types.put("Pays", elements(Map.of(), Particle.many("Pay")));
        types.put("Pay", new ElementType(Content.EMPTY, attrs(attr("Type", Type.STRING, true),
                attr("Amount", Type.DECIMAL, true)), List.of()));
    }

    private static Attribute attr(String name, Type type, boolean required) {
        return new Attribute(name, type, required);
    }

    private static Map<String, Attribute> attrs(Attribute... a) {
        Map<String, Attribute> m = new LinkedHashMap<>();
        for (Attribute x : a) {
            m.put(x.name(), x);
        }
        return m;
    }

    private static Map<String, Attribute> common(boolean purchase, Attribute... extra) {
        Map<String, Attribute> m = attrs(
                attr("ElementID", Type.INT, false),
                attr("OperationID", Type.STRING, true),
                attr("OperationDate", Type.DATETIME, true),
                attr("DeviceLogicalID", Type.STRING, false),
                attr("PurchaseID", Type.STRING, purchase),
                attr("Cashier", Type.STRING, false));
        for (Attribute x : extra) {
            m.put(x.name(), x);
        }
        return m;
    }

    private static ElementType elements(Map<String, Attribute> attributes, Particle... particles) {
        return new ElementType(Content.ELEMENTS, attributes, Arrays.asList(particles));
    }

    /** Validates the document element and everything below it. */
    void validate(Element root) throws Violation {
        String name = nameOf(root);
        if (!"XMLRequest".equals(name)) {
            throw new Violation("The '" + name + "' element is not declared.");
        }
        validateElement(root, types.get(name));
    }

    private void validateElement(Element e, ElementType type) throws Violation {
        String name = nameOf(e);
        validateAttributes(e, type);
        List<Element> kids = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            switch (n.getNodeType()) {
                case Node.ELEMENT_NODE:
                    if (type.content() == Content.EMPTY) {
                        throw new Violation("The element '" + name + "' cannot contain child element '"
                                + nameOf((Element) n) + "' because the parent element's content model is empty.");
                    }
                    if (type.content() == Content.TEXT) {
                        throw new Violation("The element '" + name + "' cannot contain child element '"
                                + nameOf((Element) n) + "' because the parent element's content model is text only.");
                    }
                    kids.add((Element) n);
                    break;
                case Node.TEXT_NODE:
                case Node.CDATA_SECTION_NODE:
                    if (type.content() != Content.TEXT && !n.getNodeValue().isBlank()) {
                        throw new Violation("The element '" + name + "' cannot contain text. Content model is "
                                + (type.content() == Content.EMPTY ? "empty." : "element-only."));
                    }
                    break;
                default:
                    break; // comments, processing instructions
            }
        }
        List<Particle> ps = type.particles();
        int pi = 0;
        int count = 0;
        for (Element kid : kids) {
            String kn = nameOf(kid);
            int pi0 = pi;
            int count0 = count;
            while (true) {
                if (pi >= ps.size()) {
                    throw invalidChild(name, kn, ps, pi0, count0);
                }
                Particle p = ps.get(pi);
                if (p.names().contains(kn) && count < p.max()) {
                    count++;
                    break;
                }
                if (count >= p.min()) {
                    pi++;
                    count = 0;
                    continue;
                }
                throw invalidChild(name, kn, ps, pi0, count0);
            }
            ElementType kt = types.get(kn);
            validateElement(kid, kt);
        }
        String expected = expected(ps, pi, count);
        for (int i = pi; i < ps.size(); i++) {
            int c = i == pi ? count : 0;
            if (c < ps.get(i).min()) {
                throw new Violation("The element '" + name + "' has incomplete content. List of possible elements expected: '"
                        + expected + "'.");
            }
        }
    }

    private static Violation invalidChild(String parent, String child, List<Particle> ps, int pi, int count) {
        String expected = expected(ps, pi, count);
        return new Violation("The element '" + parent + "' has invalid child element '" + child + "'."
                + (expected.isEmpty() ? "" : " List of possible elements expected: '" + expected + "'."));
    }

    /** Names that may come next at sequence position {@code pi} after {@code count} occurrences there. */
    private static String expected(List<Particle> ps, int pi, int count) {
        List<String> names = new ArrayList<>();
        for (int i = pi; i < ps.size(); i++) {
            Particle p = ps.get(i);
            int c = i == pi ? count : 0;
            if (c < p.max()) {
                names.addAll(p.names());
            }
            if (c < p.min()) {
                break;
            }
        }
        return String.join(", ", names);
    }

    private void validateAttributes(Element e, ElementType type) throws Violation {
        NamedNodeMap as = e.getAttributes();
        for (int i = 0; i < as.getLength(); i++) {
            Attr a = (Attr) as.item(i);
            String n = a.getName();
            if (n.equals("xmlns") || n.startsWith("xmlns:")
                    || "http://www.w3.org/2001/XMLSchema-instance".equals(a.getNamespaceURI())) {
                continue;
            }
            Attribute def = a.getNamespaceURI() == null ? type.attributes().get(n) : null;
            if (def == null) {
                throw new Violation("The '" + n + "' attribute is not declared.");
            }
            checkType(def, a.getValue());
        }
        for (Attribute def : type.attributes().values()) {
            if (def.required() && !e.hasAttribute(def.name())) {
                throw new Violation("The required attribute '" + def.name() + "' is missing.");
            }
        }
    }

    private static void checkType(Attribute def, String raw) throws Violation {
        String v = raw.strip(); // xs whitespace collapse for the non-string types
        switch (def.type()) {
            case STRING:
                return;
            case DECIMAL:
                if (!DECIMAL.matcher(v).matches()) {
                    throw typeError(def, raw, "http://www.w3.org/2001/XMLSchema:decimal",
                            "The string '" + raw + "' is not a valid Decimal value.");
                }
                return;
            case INT:
                if (!INT.matcher(v).matches()) {
                    throw typeError(def, raw, "http://www.w3.org/2001/XMLSchema:int",
                            "The string '" + raw + "' is not a valid Int32 value.");
                }
                return;
            case DATETIME:
                if (!DATETIME.matcher(v).matches() || !validDate(v)) {
                    throw typeError(def, raw, "http://www.w3.org/2001/XMLSchema:dateTime",
                            "The string '" + raw + "' is not a valid DateTime value.");
                }
                return;
            case IDENTIFIER_TYPE:
                if (!IDENTIFIER_TYPES.contains(v)) {
                    throw typeError(def, raw, "IdentifierType", "The Enumeration constraint failed.");
                }
                return;
            default:
                throw new IllegalStateException();
        }
    }

    private static boolean validDate(String v) {
        try {
            java.time.LocalDateTime.parse(v.substring(0, 19));
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    private static Violation typeError(Attribute def, String raw, String datatype, String detail) {
        return new Violation("The '" + def.name() + "' attribute is invalid - The value '" + raw
                + "' is invalid according to its datatype '" + datatype + "' - " + detail);
    }

    private static String nameOf(Element e) {
        String local = e.getLocalName() != null ? e.getLocalName() : e.getTagName();
        return e.getNamespaceURI() == null ? local : e.getTagName();
    }
}

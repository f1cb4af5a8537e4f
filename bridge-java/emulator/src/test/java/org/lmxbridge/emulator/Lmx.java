package org.lmxbridge.emulator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Test client: posts literal protocol XML over real HTTP with java.net.http.HttpClient and reads answers with
 * XPath. Deliberately independent of the bridge core and of the emulator's own classes.
 */
final class Lmx {
    static final String PARTNER = "demo-partner";
    static final String REG = "reg01";
    static final String PASSWORD = "secret";

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Lmx() {
    }

    static String opId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    static String purchaseId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    static String basic(String login, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse<byte[]> postRaw(URI url, String authorization, String xml) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(xml, StandardCharsets.UTF_8));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Posts to reg01 with the right credentials and parses the answer (asserting HTTP 200). */
    static Resp post(Emulator emu, String xml) throws IOException, InterruptedException {
        return post(emu, REG, PASSWORD, xml);
    }

    static Resp post(Emulator emu, String login, String password, String xml) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = postRaw(emu.registerUrl(PARTNER, login), basic(login, password), xml);
        if (r.statusCode() != 200) {
            throw new AssertionError("HTTP " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return new Resp(r.body());
    }

    // ---------------------------------------------------------------- literal request XML

    static String envelope(String container, String request) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<XMLRequest>\n  <Version>3.2</Version>\n  <" + container + ">"
                + request + "</" + container + ">\n</XMLRequest>";
    }

    static String common(String op, String purchase) {
        return " ElementID=\"1\" OperationID=\"" + op + "\" OperationDate=\"2026-11-28T10:15:00.123+03:00\""
                + (purchase == null ? "" : " PurchaseID=\"" + purchase + "\"");
    }

    static String id(String type, String value) {
        return "<Identifier Type=\"" + type + "\" Value=\"" + value + "\"/>";
    }

    static String idPin(String value, String pin) {
        return "<Identifier Type=\"CardNumber\" Value=\"" + value + "\" Pin=\"" + pin + "\"/>";
    }

    static String card(String number) {
        return id("CardNumber", number);
    }

    /** A cheque at 10:15 local time (outside the happy hour). */
    static String cheque(String... lines) {
        return chequeAt("2026-11-28T10:15:00", lines);
    }

    static String chequeAt(String date, String... lines) {
        return "<Cheque ChequeNumber=\"15\" ChequeDate=\"" + date + "\">" + String.join("", lines) + "</Cheque>";
    }

    static String line(int pos, String goodsId, String price, String qty, String amount) {
        return "<ChequeLine PosID=\"" + pos + "\" Amount=\"" + amount + "\" Name=\"Item " + pos + "\" GoodsId=\"" + goodsId
                + "\" Price=\"" + price + "\" Quantity=\"" + qty + "\"/>";
    }

    static String balance(String op, String identifier) {
        return envelope("Balances", "<BalanceRequest" + common(op, null) + ">" + identifier + "</BalanceRequest>");
    }

    static String calculate(String op, String purchase, String identifier, String cheque, String coupons) {
        return envelope("Calculates", "<CalculateRequest" + common(op, purchase) + " Cashier=\"Ivanova\">"
                + (identifier == null ? "" : identifier) + cheque + (coupons == null ? "" : coupons)
                + "</CalculateRequest>");
    }

    static String availableAmount(String op, String purchase, String identifier, String cheque) {
        return envelope("AvailableAmounts", "<AvailableAmountRequest" + common(op, purchase) + ">" + cheque + identifier
                + "</AvailableAmountRequest>");
    }

    static String payment(String op, String purchase, String amount, String identifier, String cheque) {
        return payment(op, purchase, amount, identifier, cheque, null);
    }

    static String payment(String op, String purchase, String amount, String identifier, String cheque, String coupons) {
        return envelope("Payments", "<PaymentRequest" + common(op, purchase) + " DeviceLogicalID=\"reg01\" Amount=\""
                + amount + "\">" + cheque + identifier + (coupons == null ? "" : coupons) + "</PaymentRequest>");
    }

    static String discount(String op, String purchase, String identifier, String cheque) {
        return discount(op, purchase, identifier, cheque, null);
    }

    static String discount(String op, String purchase, String identifier, String cheque, String coupons) {
        return envelope("Discounts", "<DiscountRequest" + common(op, purchase) + " Cashier=\"Ivanova\">"
                + (identifier == null ? "" : identifier) + cheque + (coupons == null ? "" : coupons)
                + "<Pays><Pay Type=\"Cash\" Amount=\"1\"/></Pays></DiscountRequest>");
    }

    static String confirm(String op, String purchase) {
        return envelope("ConfirmPurchases", "<ConfirmPurchaseRequest" + common(op, purchase) + "/>");
    }

    static String cancel(String op, String purchase) {
        return envelope("CancelPurchases", "<CancelPurchaseRequest" + common(op, purchase) + "/>");
    }

    static String refund(String op, String purchase, String refundOf, String cheque) {
        return envelope("Refunds", "<RefundRequest" + common(op, purchase) + " RefundPurchaseID=\"" + refundOf + "\">"
                + cheque + "</RefundRequest>");
    }

    static String coupons(String... numbers) {
        StringBuilder sb = new StringBuilder("<Coupons>");
        for (String n : numbers) {
            sb.append("<Coupon Number=\"").append(n).append("\"/>");
        }
        return sb.append("</Coupons>").toString();
    }

    // ---------------------------------------------------------------- answers

    static final class Resp {
        final byte[] bytes;
        final Document doc;

        Resp(byte[] bytes) {
            this.bytes = bytes;
            try {
                DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
                f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
                f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                this.doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
            } catch (Exception e) {
                throw new AssertionError("not XML: " + text(), e);
            }
        }

        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        String x(String xpath) {
            try {
                return XPathFactory.newInstance().newXPath().evaluate(xpath, doc);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        int count(String xpath) {
            try {
                return ((NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, doc, XPathConstants.NODESET))
                        .getLength();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }

        /** The root ErrorCode. */
        String rootCode() {
            return x("/XMLResponse/ErrorCode");
        }

        String rootMessage() {
            return x("/XMLResponse/ErrorMessage");
        }

        /** An attribute of the (single) response element, e.g. {@code a("ErrorCode")}. */
        String a(String attr) {
            return x("/XMLResponse/*[2 < position()]/*[1]/@" + attr);
        }

        String code() {
            return a("ErrorCode");
        }

        String message() {
            return a("ErrorMessage");
        }

        String line(int pos, String attr) {
            return x("//Cheque/ChequeLine[@PosID='" + pos + "']/@" + attr);
        }

        @Override
        public String toString() {
            return text();
        }
    }
}

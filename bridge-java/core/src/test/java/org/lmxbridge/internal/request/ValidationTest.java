package org.lmxbridge.internal.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lmxbridge.CommandSession;
import org.lmxbridge.Status;
import org.lmxbridge.testing.StubProcessing;

/**
 * Every request is checked before it leaves, with an error naming the field. Runs through the
 * JSON facade against a real (stub) server and asserts that nothing reached it.
 */
class ValidationTest {
    static final String LINE = "{\"pos\":1,\"goodsId\":\"1001\",\"price\":\"89.90\",\"quantity\":\"2\",\"amount\":\"179.80\"}";
    static final String OK_CHEQUE = "\"cheque\":{\"number\":\"1\",\"lines\":[" + LINE + "]}";
    static final String ID = "\"identifier\":{\"value\":\"8690003\"}";

    static void refused(String command, String json, int status, String fieldInText) throws Exception {
        refused("ru", command, json, status, fieldInText);
    }

    static void refused(String language, String command, String json, int status, String fieldInText) throws Exception {
        try (StubProcessing srv = new StubProcessing(); CommandSession s = CommandSession.open(srv.config("v1", language))) {
            int st = s.execute(command, json);
            assertEquals(status, st, s.lastErrorText());
            assertTrue(s.lastErrorText().contains(fieldInText), "\"" + s.lastErrorText() + "\" should name " + fieldInText);
            assertEquals(0, srv.requests(), "an invalid request must not reach processing");
            assertEquals(String.valueOf(status), s.result("/error/status"));
        }
    }

    @ParameterizedTest(name = "{0}: {3}")
    @CsvSource(delimiter = '|', value = {
        "balance|{}|402|/identifier",
        "balance|{\"identifier\":{\"value\":\"\"}}|402|/identifier/value",
        "balance|{\"identifier\":{\"type\":\"iris\",\"value\":\"1\"}}|403|/identifier/type",
        "calculate|{\"identifier\":{\"value\":\"1\"}}|402|/cheque",
        "calculate|{\"cheque\":{\"lines\":[]}}|402|/cheque/lines",
        "calculate|{\"cheque\":{\"lines\":[{\"pos\":1,\"goodsId\":\"1\",\"price\":\"1\",\"quantity\":\"-1\",\"amount\":\"1\"}]}}|403|/cheque/lines/0/quantity",
        "calculate|{\"cheque\":{\"lines\":[{\"pos\":1,\"goodsId\":\"1\",\"price\":\"1\",\"quantity\":\"0\",\"amount\":\"1\"}]}}|403|/cheque/lines/0/quantity",
        "calculate|{\"cheque\":{\"lines\":[{\"pos\":1,\"goodsId\":\"1\",\"price\":\"1.005\",\"quantity\":\"1\",\"amount\":\"1\"}]}}|403|/cheque/lines/0/price",
        "calculate|{\"cheque\":{\"lines\":[{\"pos\":1,\"goodsId\":\"1\",\"price\":\"1\",\"quantity\":\"1\",\"amount\":\"-5\"}]}}|403|/cheque/lines/0/amount",
        "calculate|{\"cheque\":{\"lines\":[{\"pos\":1,\"goodsId\":\"1\",\"price\":\"1,5\",\"quantity\":\"1\",\"amount\":\"1\"}]}}|403|(дробную часть отделяйте точкой)",
        "calculate|{\"cheque\":{\"lines\":[" + "{\"pos\":1,\"goodsId\":\"1\",\"price\":\"1\",\"quantity\":\"1\",\"amount\":\"1\"},{\"pos\":1,\"goodsId\":\"2\",\"price\":\"1\",\"quantity\":\"1\",\"amount\":\"1\"}]}}|403|/cheque/lines/1/pos",
        "calculate|{\"cheque\":{\"lines\":[{\"pos\":1,\"price\":\"1\",\"quantity\":\"1\",\"amount\":\"1\"}]}}|402|/cheque/lines/0/goodsId",
        "calculate|{\"cheque\":{\"lines\":[{\"pos\":1,\"goodsId\":\"1\",\"price\":\"1\",\"quantity\":\"1\",\"amout\":\"1\"}]}}|403|/cheque/lines/0/amout",
        "calculate|{\"cheque\":{\"date\":\"28.11.2026\",\"lines\":[" + LINE + "]}}|403|/cheque/date",
        "pay|{" + ID + "," + OK_CHEQUE + "}|402|/amount",
        "pay|{" + ID + "," + OK_CHEQUE + ",\"amount\":\"0\"}|403|/amount",
        "pay|{" + ID + "," + OK_CHEQUE + ",\"amount\":\"-10\"}|403|/amount",
        "pay|{" + ID + "," + OK_CHEQUE + ",\"amount\":\"10.123\"}|403|/amount",
        "availableAmount|{" + ID + "," + OK_CHEQUE + ",\"coupons\":[\"X\"]}|403|/coupons",
        "discount|{" + OK_CHEQUE + ",\"pays\":[{\"amount\":\"1\"}]}|402|/pays/0/type",
        "discount|{" + OK_CHEQUE + ",\"pays\":[{\"type\":\"Card\",\"amount\":\"-1\"}]}|403|/pays/0/amount",
        "confirm|{}|402|/purchaseId",
        "cancel|{}|402|/purchaseId",
        "confirm|{\"purchaseId\":\"a b\"}|403|/purchaseId",
        "refund|{" + OK_CHEQUE + "}|402|/refundPurchaseId",
        "calculate|[1,2]|400|запрос должен быть объектом JSON {…}, а не массивом",
        // issue 11: trailing data after the object was accepted
        "calculate|{} xyz|401|запрос не является корректным JSON: лишний текст после конца объекта JSON",
        // found by RequestParserFuzzTest (the long run): an exponent BigDecimal cannot hold was 6 "internal error"
        "calculate|{\"cheque\":{\"lines\":[55E55555555555555555555555555555555555555555555]}}|401|число вне допустимого диапазона в строке 1",
        "pay|{\"amount\":1e9999999999}|401|число вне допустимого диапазона",
        "calculate|{}]]]|401|лишний текст после конца объекта JSON",
        // issue 11: control characters the protocol (XML) cannot carry gave 6 "internal error" with class names
        "balance|{\"identifier\":{\"value\":\"869\\u001d0003\"}}|403|/identifier/value — содержит управляющий символ U+001D (GS, разделитель групп) в позиции 3",
        "balance|{\"identifier\":{\"value\":\"8\\u00010\"}}|403|/identifier/value — содержит управляющий символ U+0001 (SOH)",
        "balance|{\"identifier\":{\"value\":\"8\\u00000\"}}|403|/identifier/value — содержит управляющий символ U+0000 (NUL)",
        "balance|{\"identifier\":\"8\\u001d0\"}|403|/identifier — содержит управляющий символ U+001D",
        "calculate|{\"cashier\":\"x\\ufffe\"," + OK_CHEQUE + "}|403|/cashier — содержит U+FFFE (не символ)",
        "calculate|{\"cashier\":\"x\\ud800\"," + OK_CHEQUE + "}|403|/cashier — содержит непарный суррогат U+D800",
        "calculate|{\"cheque\":{\"number\":\"1\\u0007\",\"lines\":[" + LINE + "]}}|403|/cheque/number — содержит управляющий символ U+0007 (BEL)",
        "calculate|{\"cheque\":|401|не является корректным JSON",
        "frobnicate|{}|404|frobnicate",
    })
    void refusedBeforeItLeaves(String command, String json, int status, String field) throws Exception {
        refused(command, json, status, field);
    }

    @Test
    void commandNamesAreExactAndNeverEchoedWhole() throws Exception {
        // issue 11: " balance" and "balance\n" ran balance; a 10 MB name was 12 instead of 404
        refused(" balance", "{}", Status.UNKNOWN_COMMAND, "\" balance\" — не команда");
        refused("balance\n", "{}", Status.UNKNOWN_COMMAND, "\"balance\\u000A\" — не команда");
        refused("b".repeat(10 * 1024 * 1024), "{}", Status.UNKNOWN_COMMAND, "имя команды длиной 10485760 символов — не команда");
        refused("en", " balance", "{}", Status.UNKNOWN_COMMAND, "\" balance\" is not a command");
        refused("en", "b".repeat(10 * 1024 * 1024), "{}", Status.UNKNOWN_COMMAND, "a command name of 10485760 characters is not a command");
    }

    @Test
    void tooDeepIsInvalidRequestBothWays() throws Exception {
        // issue 11: a JSON request deeper than 64 was 401 while 70–1,000 deep pointers gave 403, 5,000+ gave 12 forever
        String deep = "{\"cashier\":" + "[".repeat(70) + "]".repeat(70) + "}";
        refused("calculate", deep, Status.INVALID_REQUEST, "вложенность запроса глубже 64 уровней");
        try (StubProcessing srv = new StubProcessing(); CommandSession s = CommandSession.open(srv.config("v2"))) {
            for (int depth : new int[] {70, 1000, 5000, 20000}) {
                assertEquals(Status.INVALID_REQUEST, s.setParam("/a".repeat(depth), "1"), s.lastErrorText());
                assertTrue(s.lastErrorText().contains("глубже 64 уровней"), s.lastErrorText());
            }
            assertEquals(0, s.execute("version", null), s.lastErrorText());
        }
    }

    @Test
    void hugeRequestIsRefused() throws Exception {
        String big = "{\"cashier\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}";
        refused("calculate", big, Status.INVALID_REQUEST, "запрос больше 1 МиБ");
    }

    /** The same refusals with "language":"en": the sentence is English, the pointer and the status the same. */
    @ParameterizedTest(name = "en {0}: {3}")
    @CsvSource(delimiter = '|', value = {
        "balance|{}|402|/identifier is required: the customer's card number, phone or other identifier",
        "calculate|{\"cheque\":{\"lines\":[{\"pos\":1,\"goodsId\":\"1\",\"price\":\"1,5\",\"quantity\":\"1\",\"amount\":\"1\"}]}}|403|/cheque/lines/0/price \"1,5\" is not a decimal number (use a dot as the decimal separator)",
        "calculate|[1,2]|400|the request must be a JSON object {…}, not an array",
        "calculate|{} xyz|401|the request is not valid JSON: more text after the end of the JSON object at line 1, column 3",
        "balance|{\"identifier\":{\"value\":\"869\\u001d0003\"}}|403|/identifier/value contains the control character U+001D (GS, group separator) at position 3, which the Loymax protocol (XML) cannot carry; remove it",
        "calculate|{\"cashier\":\"x\\ufffe\"," + OK_CHEQUE + "}|403|/cashier contains U+FFFE (not a character)",
        "frobnicate|{}|404|\"frobnicate\" is not a command; commands are: balance",
    })
    void refusedInEnglish(String command, String json, int status, String text) throws Exception {
        refused("en", command, json, status, text);
    }

    @Test
    void numbersMayBeJsonNumbersOrStrings() throws Exception {
        try (StubProcessing srv = new StubProcessing(); CommandSession s = CommandSession.open(srv.config("v2"))) {
            srv.answer = body -> "<XMLResponse><ErrorCode>0</ErrorCode><Calculates><CalculateResponse ErrorCode=\"0\" Balance=\"0\"/></Calculates></XMLResponse>";
            int st = s.execute("calculate", "{\"cheque\":{\"lines\":[{\"pos\":1,\"goodsId\":\"1\",\"price\":89.90,\"quantity\":2,\"amount\":179.80}]}}");
            assertEquals(0, st, s.lastErrorText());
            assertEquals(1, srv.requests());
        }
    }
}

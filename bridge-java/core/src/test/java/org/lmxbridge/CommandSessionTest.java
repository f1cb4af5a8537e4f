package org.lmxbridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.lmxbridge.testing.StubProcessing;

/** The JSON facade: parameter bag, result pointers, ids, errors. */
class CommandSessionTest {
    static final String CALC_OK = "<XMLResponse><ErrorCode>0</ErrorCode><Calculates><CalculateResponse ErrorCode=\"0\" Balance=\"500.00\""
            + " AvailableAmount=\"50.00\" AvailableBonusAmount=\"50.00\"><Cheque><ChequeLine PosID=\"1\" Amount=\"80.91\" Discount=\"8.99\"/>"
            + "</Cheque></CalculateResponse></Calculates></XMLResponse>";

    @Test
    void parameterBagBuildsTheRequestInAnyOrder() throws Exception {
        try (StubProcessing srv = new StubProcessing(); CommandSession s = CommandSession.open(srv.config("c1"))) {
            AtomicReference<String> seen = new AtomicReference<>();
            srv.answer = body -> {
                seen.set(body);
                return CALC_OK;
            };
            assertEquals(0, s.setParam("/cheque/lines/1/goodsId", "2002"));
            assertEquals(0, s.setParam("/cheque/lines/0/goodsId", "1001"));
            for (int i = 0; i < 2; i++) {
                s.setParam("/cheque/lines/" + i + "/price", "89.90");
                s.setParam("/cheque/lines/" + i + "/quantity", "1");
                s.setParam("/cheque/lines/" + i + "/amount", "89.90");
                s.setParam("/cheque/lines/" + i + "/pos", String.valueOf(i + 1));
            }
            s.setParam("/identifier/value", "79260000001");
            s.setParam("/identifier/type", "phone");
            assertEquals(0, s.execute("calculate", null), s.lastErrorText());
            assertTrue(seen.get().contains("<Identifier Type=\"Phone\" Value=\"79260000001\"/>"), seen.get());
            assertTrue(seen.get().indexOf("GoodsId=\"1001\"") < seen.get().indexOf("GoodsId=\"2002\""));
            assertEquals("8.99", s.result("/lines/0/discount"));
            assertEquals("500.00", s.result("/balance"));
            String pid = s.result("/purchaseId");
            assertEquals(32, pid.length());
            assertEquals(32, s.result("/operationId").length());
            // the bag keeps the purchase: the next command continues it
            assertEquals(0, s.execute("calculate", null));
            assertEquals(pid, s.result("/purchaseId"));
            s.resetParams();
            assertEquals(Status.MISSING_FIELD, s.execute("calculate", null));
        }
    }

    @Test
    void everyOperationGetsItsOwnOperationIdAndTheGivenPurchaseIdIsKept() throws Exception {
        try (StubProcessing srv = new StubProcessing(); CommandSession s = CommandSession.open(srv.config("c2"))) {
            srv.answer = body -> CALC_OK;
            String req = "{\"purchaseId\":\"P-1\",\"cheque\":{\"lines\":[{\"pos\":1,\"goodsId\":\"1\",\"price\":\"1\",\"quantity\":\"1\",\"amount\":\"1\"}]}}";
            s.execute("calculate", req);
            String op1 = s.result("/operationId");
            assertEquals("P-1", s.result("/purchaseId"));
            s.execute("calculate", req);
            assertTrue(!op1.equals(s.result("/operationId")));
        }
    }

    @Test
    void resultReadsNeverReExecute() throws Exception {
        try (StubProcessing srv = new StubProcessing(); CommandSession s = CommandSession.open(srv.config("c3"))) {
            s.execute("balance", "{\"identifier\":{\"value\":\"8690003\"}}");
            for (int i = 0; i < 5; i++) assertNotNull(s.result(null));
            assertEquals("10.00", s.result("/balance"));
            assertEquals(1, srv.requests());
            BridgeException e = assertThrows(BridgeException.class, () -> s.result("/nothing/here"));
            assertEquals(Status.NOT_FOUND, e.status());
        }
    }

    @Test
    void resultBeforeExecute() throws Exception {
        try (StubProcessing srv = new StubProcessing(); CommandSession s = CommandSession.open(srv.config("c4"))) {
            assertEquals(Status.NO_RESULT, assertThrows(BridgeException.class, () -> s.result("/ok")).status());
        }
    }

    @Test
    void badParameterNames() throws Exception {
        try (StubProcessing srv = new StubProcessing(); CommandSession s = CommandSession.open(srv.config("c5"))) {
            assertEquals(Status.BAD_ARGUMENT, s.setParam("identifier/value", "1"));
            assertEquals(Status.BAD_ARGUMENT, s.setParam(null, "1"));
            assertEquals(Status.BAD_ARGUMENT, s.setParam("/cheque/lines/99999/pos", "1"));
            s.setParam("/cashier", "Иванова");
            assertEquals(Status.BAD_ARGUMENT, s.setParam("/cashier/name", "x"));
            assertTrue(s.lastErrorText().contains("/cashier"), s.lastErrorText());
        }
    }

    @Test
    void versionAndStatusIgnoreAHalfFilledBagAndHugeValuesAreRefused() throws Exception {
        try (StubProcessing srv = new StubProcessing(); CommandSession s = CommandSession.open(srv.config("c7"))) {
            s.setParam("/cheque/lines/0/price", "not a number");
            assertEquals(0, s.execute("version", null), s.lastErrorText());
            assertEquals(0, s.execute("status", null), s.lastErrorText());
            assertEquals(Status.INVALID_REQUEST, s.setParam("/cashier", "x".repeat(10 * 1024 * 1024)));
        }
    }

    @Test
    void versionAndStatusNeedNoNetwork() throws Exception {
        try (CommandSession s = CommandSession.open("{\"url\":\"http://127.0.0.1:9/XmlExchange/p/r/\",\"login\":\"r\",\"password\":\"x\",\"dataDir\":\"" + StubProcessing.tempDataDir() + "\"}")) {
            assertEquals(0, s.execute("version", null));
            assertEquals(BridgeVersion.VERSION, s.result("/version"));
            assertEquals(0, s.execute("status", "{}"));
        }
    }

    @Test
    void processingErrorTextReachesTheResultUnchanged() throws Exception {
        try (StubProcessing srv = new StubProcessing(); CommandSession s = CommandSession.open(srv.config("c6"))) {
            srv.answer = b -> "<XMLResponse><ErrorCode>0</ErrorCode><Balances><BalanceResponse ErrorCode=\"205\" ErrorMessage=\"Карта заблокирована\"/></Balances></XMLResponse>";
            assertEquals(205, s.execute("balance", "{\"identifier\":\"8690003\"}"));
            assertEquals("Карта заблокирована", s.lastErrorText());
            assertEquals("CardBlocked", s.result("/error/name"));
            assertEquals("false", s.result("/ok"));
        }
    }
}

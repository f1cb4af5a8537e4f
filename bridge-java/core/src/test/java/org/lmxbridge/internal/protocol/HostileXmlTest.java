package org.lmxbridge.internal.protocol;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lmxbridge.testing.XmlAssert.resource;

import org.junit.jupiter.api.Test;

/** Answers from the network are hostile until proven otherwise. */
class HostileXmlTest {
    static final ProtocolCodec CODEC = new ProtocolCodec();

    static String refused(String fixture) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> CODEC.decode(resource("/golden/hostile/" + fixture)));
        return e.getMessage();
    }

    @Test
    void externalEntityIsRefused() {
        String m = refused("xxe.xml");
        assertTrue(m.contains("DTD"), m);
    }

    @Test
    void entityExpansionIsRefused() {
        String m = refused("billion-laughs.xml");
        assertTrue(m.contains("DTD"), m);
    }

    @Test
    void undeclaredEntityIsNotExpanded() {
        refused("undeclared-entity.xml");
    }

    @Test
    void doctypeAfterALongCommentIsStillRefusedByTheParser() {
        String pad = "<!--" + "x".repeat(5000) + "-->";
        byte[] body = (pad + "<!DOCTYPE XMLResponse [<!ENTITY a \"b\">]><XMLResponse><ErrorCode>0</ErrorCode></XMLResponse>")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThrows(ProtocolException.class, () -> CODEC.decode(body));
    }

    @Test
    void wrongRootIsNamed() {
        String m = refused("wrong-root.xml");
        assertTrue(m.contains("<html>"), m);
    }

    @Test
    void malformedXmlIsAClearError() {
        String m = refused("malformed.xml");
        assertTrue(m.contains("не правильно построенный XML") || m.contains("неверный XMLResponse"), m);
    }

    @Test
    void missingRootErrorCode() {
        String m = refused("no-errorcode.xml");
        assertTrue(m.contains("ErrorCode"), m);
    }

    @Test
    void emptyBody() {
        assertThrows(ProtocolException.class, () -> CODEC.decode(new byte[0]));
    }
}

package org.lmxbridge.internal.protocol;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;

/** {@code <Coupon Number="…"/>}. */
public final class XmlCoupon {
    @JacksonXmlProperty(isAttribute = true, localName = "Number") public String number;

    public XmlCoupon() {
    }

    public XmlCoupon(String number) {
        this.number = number;
    }
}

package org.lmxbridge.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.List;

/** One cheque line as answered by processing. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResultLine(Integer pos, String goodsId, BigDecimal amount, BigDecimal discount, BigDecimal quantity,
                         BigDecimal cashback, BigDecimal payAmount, List<Offer> offers) {
}

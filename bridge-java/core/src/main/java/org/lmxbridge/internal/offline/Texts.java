package org.lmxbridge.internal.offline;

/**
 * Texts of offline answers. The sentence in {@code error.message} and {@code cashierMessage} is for
 * the cashier's screen, in Russian (the cashiers are Russian-speaking); the integrator's details
 * (causes, keys, what to do) are English, in {@code warnings} and the log.
 */
final class Texts {
    private Texts() {
    }

    static final String NO_LINK = "Нет связи с процессингом Loymax";

    static String refused(String command) {
        return switch (command) {
            case "balance" -> NO_LINK + ": баланс карты сейчас недоступен. Продажу можно продолжить без бонусов.";
            case "availableAmount", "pay" -> NO_LINK + ": списание бонусов недоступно. Продажу можно продолжить без "
                    + "списания — бонусы будут начислены позже.";
            case "refund" -> NO_LINK + ": возврат бонусов сейчас недоступен. Повторите возврат, когда связь восстановится.";
            default -> NO_LINK + ": операция недоступна.";
        };
    }

    static final String NEUTRAL_CALCULATE = NO_LINK + ": скидки по карте не применены, бонусы будут начислены после "
            + "восстановления связи.";
    static final String QUEUED = NO_LINK + ": операция сохранена и будет отправлена автоматически.";
    static final String QUEUED_BEHIND = "Операция сохранена и будет отправлена после предыдущих операций этой покупки.";
    static final String QUEUE_FULL = "Очередь операций без связи заполнена: начисление бонусов сейчас недоступно. "
            + "Продажу можно продолжить без бонусов; сообщите администратору.";
    static final String OUTCOME_UNKNOWN = "Ответ процессинга Loymax не получен: неизвестно, списаны ли бонусы. "
            + "Повторите списание (будет отправлена та же операция) или отмените покупку.";
    static final String CANCELLED_LOCALLY = "Покупка отменена: в процессинг ничего не отправлялось.";
    static final String PAYMENT_UNKNOWN = "Неизвестно, списаны ли бонусы по этой покупке: ответ процессинга Loymax не получен. "
            + "Повторите списание (будет отправлена та же операция) или отмените покупку.";
    static final String PAYMENT_UNTOLD = "Процессинг Loymax списал бонусы по этой покупке, но касса не получила ответ. "
            + "Повторите списание, чтобы получить его результат, или отмените покупку.";
    static final String REQUEST_MISMATCH = "Эта операция уже проведена по покупке с другим чеком, картой или оплатой. "
            + "Начните новую покупку (сбросьте параметры) и повторите.";
    static final String DISCREPANCY = "Процессинг Loymax провёл операцию не так, как было сообщено кассе; расхождение "
            + "записано — сообщите администратору.";
    static final String REFUND_UNKNOWN = "Ответ процессинга Loymax на возврат не получен: неизвестно, проведён ли он. "
            + "Повторите возврат, когда связь восстановится (будет отправлена та же операция).";
    static final String PURCHASE_CANCELLED = "Покупка уже отменена: операция невозможна. Начните новую покупку.";
    static final String PURCHASE_CONFIRMED = "Покупка уже подтверждена: операция невозможна. Начните новую покупку.";
    static final String PAY_TOO_LATE = "Списание бонусов возможно только до расчёта скидок (discount) по покупке. "
            + "Отмените покупку или проведите её без списания.";
}

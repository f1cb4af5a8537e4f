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
}

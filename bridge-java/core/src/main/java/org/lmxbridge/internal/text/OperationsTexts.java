package org.lmxbridge.internal.text;

/**
 * Every sentence of the operations features (issue 14: the connection check, the live register seen
 * from another process, the local console), in one place, each in Russian (the default) and English,
 * so that they move into the message catalogue as they are. {@code -Dorg.lmxbridge.language=en} (or
 * {@link #english(boolean)} per call, for the console's page) gives the English forms. Internal.
 */
public final class OperationsTexts {
    private OperationsTexts() {
    }

    /** True when the process asked for English texts ({@code -Dorg.lmxbridge.language=en}). */
    public static boolean english() {
        return "en".equalsIgnoreCase(System.getProperty("org.lmxbridge.language", "ru"));
    }

    private static String t(boolean en, String ru, String english, Object... args) {
        return String.format(java.util.Locale.ROOT, en ? english : ru, args);
    }

    private static String t(String ru, String english, Object... args) {
        return t(english(), ru, english, args);
    }

    // ---- the connection check: step names ----------------------------------------------------
    public static String stepName(String step) {
        boolean en = english();
        return switch (step) {
            case "configuration" -> en ? "Configuration" : "Конфигурация";
            case "dataFolder" -> en ? "Data folder" : "Папка данных";
            case "queue" -> en ? "Offline queue" : "Очередь";
            case "nameResolution" -> en ? "Name resolution" : "Имя сервера";
            case "connection" -> en ? "Connection" : "Соединение";
            case "tls" -> "TLS";
            case "authentication" -> en ? "Authentication" : "Вход";
            case "protocol" -> en ? "Protocol" : "Протокол";
            default -> step;
        };
    }

    // ---- the connection check: verdicts --------------------------------------------------------
    public static String configurationOk(String register, String login, String url) {
        return t("касса «%s», логин «%s», адрес %s", "register \"%s\", login \"%s\", URL %s", register, login, url);
    }

    public static String dataFolderOk(String dir) {
        return t("%s доступна для записи", "%s is writable", dir);
    }

    public static String dataFolderFails(String dir, String why) {
        return t("в %s нельзя писать (%s): там очередь без связи и журналы; укажите другую папку в «dataDir» или дайте этому "
                + "пользователю право записи", "%s is not writable (%s): the offline queue and logs live there; set \"dataDir\" "
                + "or give this user write access", dir, why);
    }

    public static String queueHere(int waiting) {
        return t("открыта этим процессом; ждут отправки: %d", "open in this process; %d waiting", waiting);
    }

    public static String queueOwnedBy(String owner, int waiting) {
        return t("используется другим процессом (%s): здесь не открывается, её состояние прочитано без изменений; ждут "
                + "отправки: %d", "in use by another process (%s): not opened here, its state was read without changing it; %d "
                + "waiting", owner, waiting);
    }

    public static String queueCheckedByOwner(String owner) {
        return t("используется другим процессом (%s); проверку выполнил он, через свою очередь и линию кассы",
                "in use by another process (%s); that process ran the check, through its own queue and lane", owner);
    }

    public static String nameResolved(String host, String address) {
        return t("%s — это %s", "%s is %s", host, address);
    }

    public static String nameNotResolved(String host) {
        return t("имя сервера %s не находится: проверьте «url» и DNS этого компьютера",
                "the server name %s cannot be resolved: check the \"url\" and this computer's DNS", host);
    }

    public static String connected(int port, String host) {
        return t("порт TCP %d сервера %s принимает соединения", "TCP port %d of %s accepts connections", port, host);
    }

    public static String notConnected(String host, int port, String why) {
        return t("нет соединения с %s:%d (%s): проверьте порт в «url», межсетевой экран или прокси между кассой и процессингом",
                "cannot connect to %s:%d (%s): check the port in \"url\", a firewall or proxy between the register and processing",
                host, port, why);
    }

    public static String tlsOk() {
        return t("сертификат сервера признан", "the server certificate is trusted");
    }

    public static String authenticationOk() {
        return t("процессинг принял логин и пароль кассы", "processing accepted the register's login and password");
    }

    public static String protocolOk() {
        return t("процессинг ответил на запрос баланса", "processing answered a Balance request");
    }

    public static String protocolOkUnknownCard(String name, String message) {
        return t("процессинг ответил на запрос баланса тестового идентификатора ошибкой %s («%s») — так и должно быть для "
                + "неизвестной карты", "processing answered a Balance request for a test identifier with %s (\"%s\") — expected "
                + "for an unknown card", name, message);
    }

    public static String notJudged() {
        return t("не проверялось: предыдущий шаг не пройден", "not checked: an earlier step failed");
    }

    public static String allPassed() {
        return t("Все проверки пройдены.", "All checks passed.");
    }

    public static String someFailed(String step) {
        return t("Проверка не пройдена на шаге «%s».", "The check failed at \"%s\".", step);
    }

    // ---- the live register ---------------------------------------------------------------------
    /** How an owner of a register's queue is named: "loymax-bridge host, pid 4711". */
    public static String owner(String program, long pid) {
        return t("%s, pid %d", "%s, pid %d", program, pid);
    }

    public static String ownerUnknown(String pid) {
        return t("pid %s", "pid %s", pid);
    }

    public static String refusedOwnerSilent(String register, String action, String owner, String why) {
        return t("Очередь кассы «%s» используется другим процессом (%s), и он не отвечает по локальному каналу (%s): «%s» не "
                + "выполнено. Выполните это в той программе, закройте её или запустите этот процесс с доступом к файлу %s.",
                "The queue of register \"%s\" is used by another process (%s), which does not answer on its local channel (%s): "
                + "\"%s\" was not done. Do it from that program, close it, or run this with access to its token file.",
                register, owner, why, action, "host.token");
    }

    public static String readOnlyView(String owner) {
        return t("Касса открыта другим процессом (%s): очередь показана только для чтения.",
                "The register is open in another process (%s): the queue is shown read-only.", owner);
    }

    public static String noContactYet() {
        return t("связи с процессингом ещё не было с момента открытия кассы",
                "no contact with processing yet since the register was opened");
    }

    // ---- the console ---------------------------------------------------------------------------
    public static String consoleStarted(boolean en, String url) {
        return t(en, "Консоль Loymax Bridge: %s", "Loymax Bridge console: %s", url);
    }

    public static String consoleTokenFile(boolean en, String file) {
        return t(en, "Адрес с ключом сохранён в %s (его может читать только этот пользователь).",
                "The address with its key is kept in %s (readable by this user only).", file);
    }

    public static String consoleRefused(boolean en) {
        return t(en, "Нет доступа: откройте адрес с ключом, который консоль напечатала при запуске (он же в файле console.url "
                + "папки данных).", "Forbidden: open the address with the key the console printed when it started (also in the "
                + "data folder's console.url file).");
    }

    public static String consoleWrongHost(boolean en) {
        return t(en, "Консоль отвечает только по адресу 127.0.0.1 этого компьютера.",
                "The console answers on this computer's 127.0.0.1 only.");
    }

    public static String consoleLabel(boolean en, String key) {
        return switch (key) {
            case "title" -> en ? "Loymax Bridge — register" : "Loymax Bridge — касса";
            case "state" -> en ? "State" : "Состояние";
            case "online" -> en ? "Processing" : "Процессинг";
            case "onlineYes" -> en ? "online" : "на связи";
            case "onlineNo" -> en ? "offline" : "нет связи";
            case "lastContact" -> en ? "Last contact" : "Последняя связь";
            case "queueLength" -> en ? "Waiting in the queue" : "Ждут отправки";
            case "queuedAmount" -> en ? "Their amount" : "На сумму";
            case "oldest" -> en ? "Oldest waits (s)" : "Старейшая ждёт (с)";
            case "dead" -> en ? "Rejected (dead)" : "Отклонены";
            case "discrepancies" -> en ? "Discrepancies" : "Расхождения";
            case "owner" -> en ? "Owned by" : "Владелец";
            case "queue" -> en ? "Offline queue" : "Очередь без связи";
            case "id" -> "ID";
            case "itemState" -> en ? "State" : "Состояние";
            case "command" -> en ? "Operation" : "Операция";
            case "purchase" -> en ? "Purchase" : "Покупка";
            case "amount" -> en ? "Amount" : "Сумма";
            case "attempts" -> en ? "Attempts" : "Попыток";
            case "created" -> en ? "Queued at" : "В очереди с";
            case "lastError" -> en ? "Last error" : "Последняя ошибка";
            case "retry" -> en ? "Retry" : "Повторить";
            case "discard" -> en ? "Discard" : "Отказаться";
            case "discardReason" -> en ? "Why is this operation discarded? (it is logged)" : "Почему операция отменяется? (записывается в журнал)";
            case "emptyQueue" -> en ? "The queue is empty." : "Очередь пуста.";
            case "operations" -> en ? "Recent operations" : "Последние операции";
            case "time" -> en ? "Time" : "Время";
            case "status" -> en ? "Status" : "Статус";
            case "ms" -> en ? "ms" : "мс";
            case "config" -> en ? "Configuration" : "Настройки";
            case "testConnection" -> en ? "Test connection" : "Проверить связь";
            case "log" -> en ? "Log" : "Журнал";
            case "trace" -> en ? "Exchange trace (request and response XML, personal data masked)"
                    : "Трассировка обмена (XML запросов и ответов, личные данные скрыты)";
            case "traceOn" -> en ? "on" : "включена";
            case "traceOff" -> en ? "off" : "выключена";
            case "traceSwitchOn" -> en ? "Switch on" : "Включить";
            case "traceSwitchOff" -> en ? "Switch off" : "Выключить";
            case "flush" -> en ? "Send the queue now" : "Отправить очередь сейчас";
            case "noOperations" -> en ? "No operations in the log yet." : "В журнале ещё нет операций.";
            case "readOnly" -> en ? "read-only" : "только чтение";
            case "state.queued" -> en ? "waiting" : "ждёт отправки";
            case "state.retry" -> en ? "will be retried" : "повтор позже";
            case "state.sent" -> en ? "being sent" : "отправляется";
            case "state.dead" -> en ? "rejected" : "отклонена";
            case "state.discrepancy" -> en ? "discrepancy" : "расхождение";
            case "unknown" -> en ? "unknown" : "неизвестно";
            case "never" -> en ? "not yet" : "ещё не было";
            case "nobody" -> en ? "no program has the register open" : "касса не открыта ни одной программой";
            case "notAnswering" -> en ? "not answering: read-only" : "не отвечает: только чтение";
            case "thisProcess" -> en ? "this console's process" : "процесс этой консоли";
            case "checking" -> en ? "Checking…" : "Проверка…";
            default -> key;
        };
    }
}

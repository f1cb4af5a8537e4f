/* The C library's message catalogue: every sentence the library itself writes (before or without
 * the Java core: arguments, handles, the configuration it reads, files, the Java runtime search,
 * the host engine, the COM object), in Russian (the default) and English, chosen by the
 * configuration's "language" as the core's messages_*.properties are.  One X-macro list, so an
 * entry cannot have one language only; lmx_texttest checks that both languages of an entry take
 * the same printf conversions and that no sentence ends with a dot or a space (Delphi's
 * EOleException would cut them; see README, "Texts and languages").  UTF-8.  Not installed. */
#ifndef LMX_TEXT_H
#define LMX_TEXT_H

#include <stdarg.h>

typedef enum lmx_lang { LMX_LANG_RU = 0, LMX_LANG_EN = 1 } lmx_lang;
#define LMX_LANG_DEFAULT LMX_LANG_RU

/* The service that runs the host engine on each platform (installer/README.md, docs/linux-host-service.md) */
#ifdef _WIN32
#define LMX_HOST_SERVICE_RU "службу LoymaxBridgeHost"
#define LMX_HOST_SERVICE_EN "the LoymaxBridgeHost service"
#else
#define LMX_HOST_SERVICE_RU "службу systemd loymax-bridge-host@<пользователь>"
#define LMX_HOST_SERVICE_EN "the systemd service loymax-bridge-host@<user>"
#endif

/* X(id, Russian printf format, English printf format) */
#define LMX_TEXTS(X)                                                                                                   \
    /* ---- handles and arguments (lmx_api.c) ---- */                                                                 \
    X(LT_ENGINE_NO_TEXT, "%s: статус %d (движок не сообщил текст)", "%s: status %d (the engine gave no text)")          \
    X(LT_HANDLE_NULL, "%s: дескриптор равен NULL (lmx_open не удался или не вызывался)",                                \
      "%s: the handle is NULL (lmx_open failed or was not called)")                                                    \
    X(LT_HANDLE_FOREIGN, "%s: дескриптор %p получен не от lmx_open", "%s: the handle %p was not made by lmx_open")       \
    X(LT_HANDLE_CLOSED, "%s: дескриптор %p закрыт", "%s: the handle %p is closed")                                      \
    X(LT_HANDLE_FORKED,                                                                                                \
      "%s: дескриптор %p открыт родительским процессом до fork(); дочерний процесс не может им пользоваться (его "     \
      "движок работает в родительском): откройте новый дескриптор в этом процессе (\"engine\":\"host\" или после exec)", \
      "%s: the handle %p was opened by the parent process before fork(); a forked child cannot use it (its engine "    \
      "lives in the parent): open a new handle in this process (\"engine\":\"host\", or after exec)")                  \
    X(LT_PEEK_FOREIGN, "дескриптор %p получен не от lmx_open", "the handle %p was not made by lmx_open")                 \
    X(LT_PEEK_CLOSED, "дескриптор %p закрыт", "the handle %p is closed")                                                \
    X(LT_PEEK_FORKED, "дескриптор %p открыт родительским процессом до fork(); откройте новый дескриптор в этом процессе", \
      "the handle %p was opened by the parent process before fork(); open a new handle in this process")               \
    X(LT_ARG_NULL, "%s: %s равен NULL", "%s: %s is NULL")                                                               \
    X(LT_ARG_TOO_LARGE_REQUEST, "%s: %s больше %lu байт; запросу столько не нужно (ничего не отправлено)",              \
      "%s: %s is larger than %lu bytes; no request needs that much (nothing was sent)")                                \
    X(LT_ARG_TOO_LONG_COMMAND,                                                                                         \
      "%s: %s длиннее %lu байт, поэтому это не команда (команды — это имена вроде \"balance\" или \"calculate\")",     \
      "%s: %s is longer than %lu bytes, so it is not a command (commands are names such as \"balance\" or "            \
      "\"calculate\")")                                                                                                \
    X(LT_ARG_TOO_LONG, "%s: %s длиннее %lu байт", "%s: %s is longer than %lu bytes")                                    \
    X(LT_ARG_NOT_UTF8, "%s: %s — неверный UTF-8 в байте %ld (байт 0x%02X); текст в кодовой странице, например cp1251, " \
      "сначала переведите в UTF-8",                                                                                     \
      "%s: %s is not valid UTF-8 at byte offset %ld (byte 0x%02X); text in a code page such as cp1251 must be "        \
      "converted to UTF-8 first")                                                                                      \
    X(LT_ARG_NOT_UTF8_W, "%s: %s — неверный UTF-8 в байте %ld (байт 0x%02X); текст в кодовой странице, например "      \
      "cp1251, сначала переведите в UTF-8 или передайте в UTF-16 функции %sW",                                          \
      "%s: %s is not valid UTF-8 at byte offset %ld (byte 0x%02X); text in a code page such as cp1251 must be "        \
      "converted to UTF-8 first, or passed as UTF-16 to %sW")                                                          \
    X(LT_SIZE_NEGATIVE, "%s: size отрицателен", "%s: size is negative")                                                 \
    X(LT_BUF_NULL, "%s: buf равен NULL, а size не 0", "%s: buf is NULL but size is not 0")                              \
    X(LT_TEXT_TOO_LONG_INT, "%s: текст длиной %lu байт — больше, чем помещается в int",                                 \
      "%s: the text is %lu bytes, more than an int can count")                                                         \
    X(LT_OOM_FN, "%s: не хватает памяти", "%s: out of memory")                                                          \
    X(LT_VALUE_NUL,                                                                                                    \
      "%s: значение по \"%.200s\" содержит U+0000 в байте %ld, а строка C его не передаёт; прочитайте результат "      \
      "целиком (json_pointer NULL), там он записан как \\u0000",                                                      \
      "%s: the value at \"%.200s\" contains U+0000 at byte offset %ld, which a C string cannot carry; read the whole " \
      "result (json_pointer NULL), where it is escaped as \\u0000")                                                   \
    X(LT_W_SURROGATE, "%s: %s — неверный UTF-16: непарный суррогат 0x%04X в позиции %ld (в единицах UTF-16)",          \
      "%s: %s is not valid UTF-16: unpaired surrogate 0x%04X at offset %ld (UTF-16 units)")                            \
    X(LT_W_TOO_LONG, "%s: %s длиннее %d байт в UTF-8", "%s: %s is longer than %d bytes of UTF-8")                       \
    /* ---- lmx_open and the configuration (lmx_api.c, lmx_config.c) ---- */                                          \
    X(LT_OPEN_OUT_NULL, "lmx_open: out (куда записать дескриптор) равен NULL", "lmx_open: out (where the handle goes) is NULL") \
    X(LT_CONFIG_EMPTY,                                                                                                 \
      "lmx_open: конфигурация пуста: передайте объект JSON, например {\"url\":…,\"login\":…,\"password\":…}, или "    \
      "путь к файлу с ним",                                                                                            \
      "lmx_open: the configuration is empty: give a JSON object such as {\"url\":…,\"login\":…,\"password\":…} or "    \
      "the path of a file holding one")                                                                                \
    X(LT_CONFIG_FILE_ERROR, "lmx_open: %s", "lmx_open: %s")                                                             \
    X(LT_CONFIG_NOT_UTF8, "lmx_open: файл конфигурации %.900s — не текст в UTF-8 (байт %ld); сохраните его в UTF-8",     \
      "lmx_open: configuration file %.900s is not UTF-8 text (byte offset %ld); save it as UTF-8")                     \
    X(LT_CONFIG_NOT_OBJECT, "lmx_open: конфигурация должна быть объектом JSON {\"url\":…,\"login\":…,\"password\":…}",  \
      "lmx_open: the configuration must be a JSON object {\"url\":…,\"login\":…,\"password\":…}")                       \
    X(LT_CONFIG_NOT_JSON,                                                                                              \
      "lmx_open: конфигурация — неверный JSON в строке %ld, позиция %ld: проверьте кавычки, запятые и скобки там",     \
      "lmx_open: the configuration is not valid JSON at line %ld, column %ld: check the quotes, commas and braces "    \
      "there")                                                                                                         \
    X(LT_CONFIG_OOM, "lmx_open: не хватает памяти для чтения конфигурации", "lmx_open: out of memory reading the configuration") \
    X(LT_CONFIG_BAD_KEY, "lmx_open: ключ конфигурации \"%s\" %s", "lmx_open: configuration key \"%s\" %s")               \
    X(LT_KEY_TWICE, "указан дважды", "is given twice")                                                                   \
    X(LT_KEY_STRING, "должен быть строкой", "must be a string")                                                          \
    X(LT_KEY_NUL, "не должен содержать U+0000", "must not contain U+0000")                                               \
    X(LT_KEY_ARRAY, "должен быть массивом строк, например [\"-Xmx128m\"]", "must be an array of strings, e.g. [\"-Xmx128m\"]") \
    X(LT_KEY_LANGUAGE, "должен быть \"ru\" или \"en\"", "must be \"ru\" or \"en\"")                                       \
    X(LT_ENGINE_UNKNOWN,                                                                                               \
      "lmx_open: ключ конфигурации \"engine\" равен \"%.200s\"; он должен быть \"inprocess\" (или \"jvm\") или \"host\"", \
      "lmx_open: configuration key \"engine\" is \"%.200s\"; it must be \"inprocess\" (or \"jvm\") or \"host\"")       \
    X(LT_HANDLE_OOM, "lmx_open: не хватает памяти для дескриптора", "lmx_open: out of memory for the handle")            \
    X(LT_OPEN_OOM, "lmx_open: не хватает памяти", "lmx_open: out of memory")                                            \
    /* ---- files (lmx_plat_*.c): "%s %s" is what ("файл конфигурации") and the path ---- */                         \
    X(LT_WHAT_CONFIG_FILE, "файл конфигурации", "configuration file")                                                    \
    X(LT_WHAT_TOKEN_FILE, "файл токена хоста", "the host token file")                                                    \
    X(LT_WHAT_FILE, "файл", "file")                                                                                      \
    X(LT_FILE_NOT_FOUND, "%s %s не найден", "%s %s is not found")                                                       \
    X(LT_FILE_NOT_FOUND_REL, "%s %s не найден (относительный путь, отсчитан от рабочей папки %s)",                       \
      "%s %s is not found (a relative path, taken from the working directory %s)")                                     \
    X(LT_FILE_NOT_READABLE, "%s %s недоступен этому процессу для чтения (нет прав)",                                    \
      "%s %s is not readable by this process (permission denied)")                                                     \
    X(LT_FILE_NOT_READABLE_REL,                                                                                        \
      "%s %s недоступен этому процессу для чтения (нет прав; относительный путь, отсчитан от рабочей папки %s)",        \
      "%s %s is not readable by this process (permission denied; a relative path, taken from the working directory "  \
      "%s)")                                                                                                           \
    X(LT_FILE_CANNOT_OPEN, "%s %s не удаётся открыть: %s", "%s %s cannot be opened: %s")                                 \
    X(LT_FILE_CANNOT_EXAMINE, "%s %s не удаётся проверить: %s", "%s %s cannot be examined: %s")                          \
    X(LT_FILE_NOT_REGULAR, "%s %s — не обычный файл (это %s)", "%s %s is not a regular file (it is %s)")                 \
    X(LT_KIND_FOLDER, "папка", "a folder")                                                                               \
    X(LT_KIND_FIFO, "FIFO, именованный канал", "a FIFO (named pipe)")                                                    \
    X(LT_KIND_SOCKET, "сокет", "a socket")                                                                               \
    X(LT_KIND_CHAR_DEVICE, "символьное устройство", "a character device")                                                \
    X(LT_KIND_BLOCK_DEVICE, "блочное устройство", "a block device")                                                      \
    X(LT_KIND_PIPE_OR_DEVICE, "канал или устройство", "a pipe or device")                                                \
    X(LT_KIND_OTHER, "не обычный файл", "not a regular file")                                                            \
    X(LT_FILE_TOO_LARGE, "%s %s больше %lu байт", "%s %s is larger than %lu bytes")                                      \
    X(LT_FILE_TOO_LARGE_N, "%s %s больше %lu байт (%lld байт)", "%s %s is larger than %lu bytes (%lld bytes)")           \
    X(LT_FILE_OOM, "не хватает памяти для чтения %s %s", "out of memory reading %s %s")                                  \
    X(LT_FILE_CANNOT_READ, "%s %s не удаётся прочитать: %s", "%s %s cannot be read: %s")                                 \
    X(LT_PATH_NOT_UTF8, "путь — неверный UTF-8", "path is not valid UTF-8")                                              \
    X(LT_WIN_ERROR, "ошибка Windows %lu", "Windows error %lu")                                                           \
    X(LT_PATH_NOT_ANSI,                                                                                                \
      "в пути %s есть символы вне кодовой страницы ANSI системы и нет короткого имени 8.3; установите мост в папку, "   \
      "где оно есть",                                                                                                  \
      "the path %s has characters outside the system's ANSI code page and no 8.3 short name; install the bridge in a " \
      "folder with such a name")                                                                                       \
    /* ---- the Java runtime search and the VM (lmx_jvm.c, lmx_engine_jvm.c) ---- */                                 \
    X(LT_JVM_LINE, "  - %s: %s: %s", "  - %s: %s: %s")                                                                 \
    X(LT_JVM_LINE2, "  - %s: %s", "  - %s: %s")                                                                         \
    X(LT_JVM_NOT_THERE, "нет", "not there")                                                                              \
    X(LT_JVM_NOT_SET, "не задан", "not set")                                                                             \
    X(LT_JVM_NONE, "нет", "none")                                                                                        \
    X(LT_JVM_SAME, "та же среда, что выше", "the same runtime as above")                                                 \
    X(LT_JVM_REJECTED, "отклонена: %s", "rejected: %s")                                                                  \
    X(LT_JVM_TOO_OLD, "отклонена: Java %s (JAVA_VERSION в %s) старше %d", "rejected: Java %s (JAVA_VERSION in %s) is older than %d") \
    X(LT_JVM_UNKNOWN_VERSION, "неизвестной версии (нет файла release)", "of unknown version (no release file)")          \
    X(LT_JVM_CANNOT_LOAD, "отклонена: не загружается: %s", "rejected: cannot be loaded: %s")                             \
    X(LT_JVM_NO_CREATE, "отклонена: в ней нет JNI_CreateJavaVM", "rejected: it has no JNI_CreateJavaVM")                 \
    X(LT_JVM_SELECTED, "Java %s, выбрана", "Java %s, selected")                                                          \
    X(LT_JVM_NO_LIB, "в ней нет %s", "no %s in it")                                                                      \
    X(LT_JVM_SRC_JVMPATH, "конфигурация \"jvmPath\"", "configuration \"jvmPath\"")                                       \
    X(LT_JVM_SRC_PRIVATE, "своя среда рядом с библиотекой", "private runtime beside the library")                        \
    X(LT_JVM_SRC_PATH, "java в PATH", "java on PATH")                                                                    \
    X(LT_JVM_SRC_PATH_LINK, "java в PATH (%s -> %s)", "java on PATH (%s -> %s)")                                         \
    X(LT_JVM_SRC_PATH_AT, "java в PATH (%s)", "java on PATH (%s)")                                                       \
    X(LT_JVM_SRC_REG_KEY, "реестр HKLM\\%s", "registry HKLM\\%s")                                                      \
    X(LT_JVM_SRC_REG, "реестр HKLM\\%s\\%s", "registry HKLM\\%s\\%s")                                                \
    X(LT_JVM_REG_NO_KEY, "такого раздела нет", "no such key")                                                            \
    X(LT_JVM_REG_NO_CURRENT, "нет CurrentVersion", "no CurrentVersion")                                                  \
    X(LT_JVM_REG_NEITHER, "нет ни RuntimeLib, ни JavaHome", "neither RuntimeLib nor JavaHome")                           \
    X(LT_BIN_NOT_DLL, "не DLL Windows", "not a Windows DLL")                                                             \
    X(LT_BIN_NOT_PE, "не файл PE", "not a PE file")                                                                      \
    X(LT_BIN_DLL_OTHER, "%s DLL (машина 0x%04X), а эта библиотека %s", "%s DLL (machine 0x%04X), this library is %s")    \
    X(LT_BIN_32_X86, "32-битная x86", "32-bit x86")                                                                      \
    X(LT_BIN_64_X64, "64-битная x64", "64-bit x64")                                                                      \
    X(LT_BIN_ARM64, "ARM64", "ARM64")                                                                                    \
    X(LT_BIN_FOREIGN, "чужая", "a foreign")                                                                              \
    X(LT_BIN_LIB_64, "64-битная (x64)", "64-bit (x64)")                                                                  \
    X(LT_BIN_LIB_32, "32-битная (x86)", "32-bit (x86)")                                                                  \
    X(LT_BIN_NOT_ELF, "не разделяемая библиотека ELF", "not an ELF shared library")                                      \
    X(LT_BIN_ELF_BITS, "%d-битный ELF, а эта библиотека %d-битная", "%d-bit ELF, this library is %d-bit")                \
    X(LT_BIN_ELF_MACHINE, "ELF для машины %u, а эта библиотека для %s", "ELF for machine %u, this library is %s")        \
    X(LT_JVM_NOT_FOUND,                                                                                                \
      "Не найдена среда Java (Java %d или новее, %d-битная) для встроенного движка. Где искали:\n%s"                    \
      "Установите её, положите в %s%sjre, задайте \"jvmPath\" в конфигурации или используйте хост (\"engine\":\"host\")", \
      "No Java runtime (Java %d or newer, %d-bit) was found for the in-process engine. Looked at:\n%s"                 \
      "Install one, put it in %s%sjre, set \"jvmPath\" in the configuration, or use the host engine "                 \
      "(\"engine\":\"host\")")                                                                                        \
    X(LT_JVM_NOT_FOUND_32,                                                                                             \
      "Не найдена 32-битная среда Java (Java %d–21: 32-битные сборки для Windows заканчиваются на 21) для встроенного " \
      "движка. Где искали:\n%s"                                                                                        \
      "Используйте хост (\"engine\":\"host\", рекомендуется для 32-битных программ: 64-битная Java работает вне этой "  \
      "программы), положите 32-битную Java %d–21 в %s%sjre или задайте \"jvmPath\"",                                   \
      "No 32-bit Java runtime (Java %d to 21: 32-bit Windows builds end at 21) was found for the in-process engine. "  \
      "Looked at:\n%s"                                                                                                 \
      "Use the host engine (\"engine\":\"host\", recommended for 32-bit programs: a 64-bit Java runs outside this "    \
      "program), or put a 32-bit Java %d-21 in %s%sjre, or set \"jvmPath\"")                                           \
    X(LT_JVM_FORKED,                                                                                                   \
      "lmx_open: этот процесс — fork() процесса %lu, чья Java VM здесь работать не может (её потоки не скопированы); "  \
      "в дочернем процессе используйте \"engine\":\"host\" или запустите новую программу (exec)",                       \
      "lmx_open: this process is a fork() of process %lu, whose Java VM cannot run here (its threads were not "        \
      "copied); use \"engine\":\"host\" in a forked child, or exec a new program")                                     \
    X(LT_JVM_FAILED_EARLIER, "Java VM уже не запустилась в этом процессе", "The Java VM failed to start earlier in this process") \
    X(LT_JVM_EXCEPTION, "исключение Java", "a Java exception")                                                           \
    X(LT_JVM_EXCEPTION_UNREADABLE, "исключение Java (его описание не удалось прочитать)",                                \
      "a Java exception (its description could not be read)")                                                          \
    X(LT_JVM_NO_LANG_CLASSES, "Java VM не может загрузить классы java.lang", "the Java VM cannot load java.lang classes") \
    X(LT_JVM_NO_LANG_METHODS, "в Java VM нет методов java.lang.String/Throwable",                                        \
      "the Java VM lacks java.lang.String/Throwable methods")                                                          \
    X(LT_JVM_EXISTING_NO_JAR,                                                                                          \
      "В этом процессе уже работает Java VM, но она не может загрузить %s: %s нет в её пути классов (%s). Добавьте "    \
      "%s%s%s в путь классов программы, запустившей эту VM, или используйте хост (\"engine\":\"host\" в конфигурации)", \
      "A Java VM is already running in this process, but it cannot load %s: %s is not on that VM's class path (%s). "  \
      "Add %s%s%s to the class path of the program that started that VM, or use the host engine (\"engine\":\"host\" " \
      "in the configuration)")                                                                                         \
    X(LT_JVM_CANNOT_LOAD_ENTRY, "Java VM запустилась, но не может загрузить %s из %s%s%s (%s)",                          \
      "The Java VM started but cannot load %s from %s%s%s (%s)")                                                       \
    X(LT_JVM_NO_METHOD, "в %s нет метода %s%s: %s не соответствует этой библиотеке (версия %s); установите оба из одного выпуска", \
      "%s has no method %s%s: %s does not match this library (version %s); install both from the same release")        \
    X(LT_JNI_ERR, "JNI_ERR (неизвестная ошибка)", "JNI_ERR (unknown error)")                                             \
    X(LT_JNI_EVERSION, "JNI_EVERSION (среда не поддерживает JNI 10: нужна Java 10 или новее)",                           \
      "JNI_EVERSION (the runtime does not support JNI 10: Java 10 or newer needed)")                                   \
    X(LT_JNI_ENOMEM, "JNI_ENOMEM (не хватает памяти)", "JNI_ENOMEM (not enough memory)")                                 \
    X(LT_JNI_EEXIST, "JNI_EEXIST (в процессе уже есть Java VM)", "JNI_EEXIST (a Java VM already exists in this process)") \
    X(LT_JNI_EINVAL, "JNI_EINVAL (неверный параметр)", "JNI_EINVAL (invalid option)")                                    \
    X(LT_JNI_UNKNOWN, "неизвестный код", "unknown code")                                                                 \
    X(LT_JVM_GAVE_UP, "она прекратила запуск (код выхода %ld); возможно, неверен параметр в \"jvmOptions\"",             \
      "it gave up during its initialization (exit code %ld); an option in \"jvmOptions\" may be wrong")                \
    X(LT_JVM_SAID, ". Java VM сообщила: %s", ". The Java VM said: %s")                                                   \
    X(LT_JVM_CREATE_FAILED, "JNI_CreateJavaVM не удался: %s", "JNI_CreateJavaVM failed: %s")                             \
    X(LT_JVM_JAR_MISSING, "Ядро Java %s отсутствует: оно должно лежать в одной папке с библиотекой (%s)",                \
      "The Java core %s is missing: it must be in the same folder as the library (%s)")                                \
    X(LT_JVM_CLASS_PATH, "Не удаётся передать путь классов в Java VM: %s", "Cannot pass the class path to the Java VM: %s") \
    X(LT_JVM_NON_ASCII_PATH, "в %s есть не-ASCII символы, а кодировка локали не UTF-8",                                   \
      "%s has non-ASCII characters and the locale's charset is not UTF-8")                                             \
    X(LT_JVM_JAR_OPEN, "не удаётся открыть %s: %s", "cannot open %s: %s")                                                \
    X(LT_JVM_MEMFD, "memfd_create не удался: %s", "memfd_create failed: %s")                                             \
    X(LT_JVM_JAR_COPY, "не удаётся скопировать jar в память", "cannot copy the jar into memory")                         \
    X(LT_JVM_THREAD, "Не удаётся запустить поток, создающий Java VM: %s", "Cannot start the thread that creates the Java VM: %s") \
    X(LT_JVM_NOT_STARTED, "Java VM %s (Java %s) не запустилась: %s", "The Java VM %s (Java %s) could not be started: %s") \
    X(LT_JVM_NOT_RUNNING, "Java VM не работает", "the Java VM is not running")                                           \
    X(LT_JVM_TSTATE_OOM, "не хватает памяти для состояния потока", "out of memory for the thread's state")               \
    X(LT_JVM_ATTACH, "не удаётся подключить этот поток к Java VM: %s", "cannot attach this thread to the Java VM: %s")    \
    X(LT_JVM_TEXT_OOM, "не хватает памяти для текста длиной %ld байт", "out of memory for a text of %ld bytes")          \
    X(LT_JVM_NO_VALUE, "lmx_result: ядро не вернуло ни значения, ни ошибки", "lmx_result: the core returned no value and no error") \
    /* ---- the host engine (lmx_engine_host.c) ---- */                                                              \
    X(LT_HOST_WSA, "WSAStartup не удался: %s", "WSAStartup failed: %s")                                                  \
    X(LT_HOST_ADDR_FORM, "ключ конфигурации \"hostAddress\" не в виде хост:порт (например 127.0.0.1:%d)",                \
      "configuration key \"hostAddress\" is not host:port (e.g. 127.0.0.1:%d)")                                        \
    X(LT_HOST_ADDR_BRACKETS, "ключ конфигурации \"hostAddress\" не в виде [адрес]:порт",                                  \
      "configuration key \"hostAddress\" is not [address]:port")                                                       \
    X(LT_HOST_ADDR_PORT, "ключ конфигурации \"hostAddress\": порт должен быть от 1 до 65535",                            \
      "configuration key \"hostAddress\": the port must be 1-65535")                                                   \
    X(LT_HOST_ADDR_RESOLVE, "ключ конфигурации \"hostAddress\": имя хоста не удаётся разрешить",                          \
      "configuration key \"hostAddress\": its host name cannot be resolved")                                           \
    X(LT_HOST_ADDR_LOOPBACK,                                                                                           \
      "ключ конфигурации \"hostAddress\" — не адрес обратной петли; хост слушает только 127.0.0.1 (или ::1), чтобы "   \
      "никакой другой компьютер не мог к нему подключиться",                                                          \
      "configuration key \"hostAddress\" is not a loopback address; the host engine listens on 127.0.0.1 (or ::1) "    \
      "only, so that no other computer can reach it")                                                                  \
    X(LT_HOST_START_HINT,                                                                                              \
      "запустите хост командой `loymax-bridge host --port %d` (или `java -jar loymax-bridge.jar host --port %d`, или " \
      "запустите " LMX_HOST_SERVICE_RU ") от имени того же пользователя либо используйте \"engine\":\"inprocess\"", \
      "start the host with `loymax-bridge host --port %d` (or `java -jar loymax-bridge.jar host --port %d`, or start " \
      LMX_HOST_SERVICE_EN ") as the same user, or use \"engine\":\"inprocess\"")                                      \
    X(LT_IO_EOF, "хост закрыл соединение", "the host closed the connection")                                             \
    X(LT_IO_TIMEOUT, "нет ответа за %lld мс", "no answer within %lld ms")                                                \
    X(LT_IO_BAD, "ответ хоста — не правильный кадр", "the host's answer is not a valid frame")                           \
    X(LT_IO_OOM, "не хватает памяти для ответа хоста", "out of memory for the host's answer")                            \
    X(LT_HOST_SOCKET, "%s: не удаётся создать сокет для хоста моста %s: %s", "%s: cannot create a socket for the bridge host at %s: %s") \
    X(LT_HOST_SOCKET_SETUP, "%s: не удаётся настроить сокет для хоста моста %s: %s",                                    \
      "%s: cannot set up a socket for the bridge host at %s: %s")                                                      \
    X(LT_HOST_CONNECT_TIMEOUT, "%s: хост моста %s не принял соединение за %d мс; %s",                                    \
      "%s: the bridge host at %s did not accept the connection within %d ms; %s")                                      \
    X(LT_HOST_NOT_RUNNING, "%s: хост моста не работает по адресу %s (соединение отклонено); %s",                        \
      "%s: the bridge host is not running at %s (connection refused); %s")                                             \
    X(LT_HOST_CONNECT, "%s: не удаётся подключиться к хосту моста %s: %s; %s", "%s: cannot connect to the bridge host at %s: %s; %s") \
    X(LT_HOST_TOKEN_UNREADABLE,                                                                                        \
      "%s: по адресу %s слушает программа, но %s; хост записывает файл токена при запуске: \"tokenFile\" (или "        \
      "\"dataDir\") в конфигурации должен указывать на файл хоста, а программа кассы — работать от имени его "          \
      "пользователя",                                                                                                  \
      "%s: a program listens at %s, but %s; the host writes its token file when it starts: the configuration's "       \
      "\"tokenFile\" (or \"dataDir\") must name the host's, and the register program must run as the host's user")    \
    X(LT_HOST_TOKEN_BAD,                                                                                               \
      "%s: в файле токена хоста %s нет токена (64 шестнадцатеричные цифры, как его пишет хост); удалите файл и "        \
      "перезапустите хост — он запишет новый",                                                                         \
      "%s: the host token file %s does not hold a token (64 hex digits, as the host writes it); delete it and "        \
      "restart the host, which then writes a new one")                                                                 \
    X(LT_HOST_REFUSED, "%s: хост моста %s отказал в соединении: %s", "%s: the bridge host at %s refused the connection: %s") \
    X(LT_HOST_NO_REASON, "(причина не указана)", "(no reason given)")                                                    \
    X(LT_HOST_NO_RANDOM, "%s: нет случайных чисел или портов сокета для приветствия с хостом моста %s",                   \
      "%s: no random numbers or socket ports for the hello with the bridge host at %s")                                \
    X(LT_HOST_NOT_PROVED,                                                                                              \
      "%s: программа, слушающая %s, не доказала, что знает токен из %s, значит, это не хост моста с этим файлом "       \
      "токена (другая программа на этом порту или хост, запущенный с другим файлом токена); ей ничего не отправлено",   \
      "%s: the program listening at %s did not prove that it knows the token of %s, so it is not the bridge host of "  \
      "that token file (another program on that port, or a host started with another token file); nothing was sent "  \
      "to it")                                                                                                         \
    X(LT_HOST_NO_HELLO,                                                                                                \
      "%s: программа, слушающая %s, приняла соединение, но не завершила приветствие (%s): хост моста там завис или "   \
      "перегружен, либо этот порт занят другой программой; ей ничего не отправлено",                                   \
      "%s: the program listening at %s accepted the connection but did not complete the hello (%s): the bridge host " \
      "there is hung or overloaded, or another program uses that port; nothing was sent to it")                       \
    X(LT_HOST_NO_STATUS, "%s: в ответе хоста моста нет статуса", "%s: the bridge host's answer has no status")           \
    X(LT_HOST_NO_TEXT, "статус %lld (хост моста не прислал текст)", "status %lld (the bridge host sent no text)")        \
    X(LT_HOST_CONFIG_TOO_LARGE, "%s: конфигурация слишком велика для хоста моста (больше %lld байт)",                    \
      "%s: the configuration is too large for the bridge host (more than %lld bytes)")                                 \
    X(LT_HOST_BROKE_OPENING, "%s: соединение с хостом моста %s оборвалось при открытии сессии (%s)",                     \
      "%s: the connection to the bridge host at %s broke while opening the session (%s)")                              \
    X(LT_HOST_NO_HANDLE, "%s: в ответе хоста моста на open нет дескриптора", "%s: the bridge host's open answer has no handle") \
    X(LT_HOST_REOPEN_FAILED, "%s: соединение с хостом моста %s восстановлено, но сессию открыть заново не удалось: %s",  \
      "%s: reconnected to the bridge host at %s, but re-opening the session failed: %s")                               \
    X(LT_HOST_PARAMS_LOST,                                                                                             \
      "%s: соединение с хостом моста %s было потеряно и восстановлено, но параметры, заданные через lmx_set_param, "    \
      "остались в старой сессии и пропали: задайте их снова (этот вызов ничего не сделал; следующий сработает)",       \
      "%s: the connection to the bridge host at %s was lost and is re-established, but the parameters set with "       \
      "lmx_set_param lived in the old session and are gone: set them again (this call did nothing; the next one works)") \
    X(LT_HOST_FRAME_TOO_LARGE,                                                                                         \
      "%s: запрос в виде кадра хоста занимает %lu байт — больше, чем принимает хост моста (%lld байт, его "             \
      "--max-frame-bytes); ничего не отправлено",                                                                      \
      "%s: the request is %lu bytes as a host frame, more than the bridge host accepts (%lld bytes, its "              \
      "--max-frame-bytes); nothing was sent")                                                                          \
    X(LT_HOST_BROKE_AFTER_SEND,                                                                                        \
      "соединение с хостом оборвалось после отправки запроса; исход неизвестен — проверьте командой status или "        \
      "следующей операцией покупки (%s, хост моста %s: %s; следующий вызов подключится заново)",                        \
      "the host connection broke after the request was sent; the outcome is unknown — check with status or the "       \
      "purchase's next operation (%s, bridge host %s: %s; the next call reconnects)")                                  \
    X(LT_HOST_BROKE, "%s: соединение с хостом моста %s оборвалось (%s); следующий вызов подключится заново и откроет "   \
      "новую сессию с пустыми параметрами и без последнего результата",                                                \
      "%s: the connection to the bridge host at %s broke (%s); the next call reconnects and opens a new session, "     \
      "whose parameter bag and last result are empty")                                                                 \
    X(LT_HOST_BROKE_BEFORE_SEND, "%s: соединение с хостом моста %s оборвалось (%s) до отправки запроса, поэтому "         \
      "команда не выполнялась; следующий вызов подключится заново и откроет новую сессию с пустыми параметрами и без "  \
      "последнего результата",                                                                                         \
      "%s: the connection to the bridge host at %s broke (%s) before the request was sent, so the command did not "    \
      "run; the next call reconnects and opens a new session, whose parameter bag and last result are empty")          \
    X(LT_HOST_RESULT_OOM, "lmx_result: не хватает памяти для значения", "lmx_result: out of memory for the value")       \
    X(LT_HOST_NO_VALUE, "lmx_result: хост моста не вернул значение", "lmx_result: the bridge host returned no value") \
    /* ---- the COM object Loymax.Bridge (com/lmx_com.c, com/lmx_com_args.c) ---- */                                \
    X(LT_COM_STATUS, "библиотека моста вернула статус %d", "the bridge library reported status %d")                     \
    X(LT_COM_NOT_OPEN, "Loymax.Bridge.%s: объект не открыт; сначала вызовите Open(config)",                              \
      "Loymax.Bridge.%s: the object is not open; call Open(config) first")                                             \
    X(LT_COM_NO_ARGS, "Loymax.Bridge.%s не принимает аргументов; передано %d", "Loymax.Bridge.%s takes no arguments; %d were given") \
    X(LT_COM_TOO_MANY_1, "Loymax.Bridge.%s принимает не больше 1 аргумента (%s); передано %d",                            \
      "Loymax.Bridge.%s takes at most 1 argument (%s); %d were given")                                                 \
    X(LT_COM_TOO_MANY, "Loymax.Bridge.%s принимает не больше %d аргументов (%s); передано %d",                            \
      "Loymax.Bridge.%s takes at most %d arguments (%s); %d were given")                                               \
    X(LT_COM_ARG_MISSING, "Loymax.Bridge.%s: аргумент '%s' (%d из %d) не передан", "Loymax.Bridge.%s: argument '%s' (%d of %d) is missing") \
    X(LT_COM_ARG_RANGE, "Loymax.Bridge.%s: аргумент '%s' (%d из %d) вне допустимого диапазона",                           \
      "Loymax.Bridge.%s: argument '%s' (%d of %d) is out of range")                                                    \
    X(LT_COM_ARG_TYPE, "Loymax.Bridge.%s: у аргумента '%s' (%d из %d) неверный тип (%s); ожидается %s",                   \
      "Loymax.Bridge.%s: argument '%s' (%d of %d) has the wrong type (%s); %s expected")                               \
    X(LT_COM_EXPECT_BOOL, "True или False", "True or False is")                                                          \
    X(LT_COM_EXPECT_STRING, "строка", "a string is")                                                                     \
    X(LT_COM_EXPECT_VALUE, "строка, число, логическое значение или дата", "a string, number, Boolean or date is")         \
    X(LT_COM_EXPECT_REQUEST, "запрос JSON строкой", "the request JSON as a string is")                                   \
    X(LT_COM_EXPECT_POINTER, "строка JSON Pointer, например \"/lines/0/discount\"",                                      \
      "a JSON Pointer string such as \"/lines/0/discount\" is")                                                        \
    X(LT_COM_ARG_COUNT, "Loymax.Bridge.%s: неверное число аргументов (%d)", "Loymax.Bridge.%s: wrong number of arguments (%d)") \
    X(LT_COM_OPEN_EMPTY, "Loymax.Bridge.Open: аргумент 'config' пуст; передайте JSON конфигурации или путь к файлу с ним", \
      "Loymax.Bridge.Open: argument 'config' is empty; pass the configuration JSON or the path of a file holding it")  \
    X(LT_VT_ARRAY, "массив", "an array")                                                                                 \
    X(LT_VT_EMPTY, "Empty", "Empty")                                                                                     \
    X(LT_VT_NULL, "Null", "Null")                                                                                        \
    X(LT_VT_OBJECT, "объект", "an object")                                                                               \
    X(LT_VT_IUNKNOWN, "объект (IUnknown)", "an object (IUnknown)")                                                       \
    X(LT_VT_ERROR, "значение ошибки", "an error value")                                                                  \
    X(LT_VT_VARIANT, "ссылка на Variant", "a variant reference")                                                         \
    X(LT_VT_RECORD, "запись", "a record")                                                                                \
    X(LT_VT_BOOL, "логическое значение", "a Boolean")                                                                    \
    X(LT_VT_DATE, "дата", "a date")                                                                                      \
    X(LT_VT_STRING, "строка", "a string")                                                                                \
    X(LT_VT_NUMBER, "число", "a number")                                                                                 \
    X(LT_VT_NOT_FINITE, "не конечное число", "a number that is not finite")                                              \
    X(LT_VT_NOTHING, "ничего", "nothing")

#define LMX_TEXT_ENUM(id, ru, en) id,
typedef enum lmx_text { LMX_TEXTS(LMX_TEXT_ENUM) LT_COUNT } lmx_text;
#undef LMX_TEXT_ENUM

/* The printf format of text id in lang (never NULL). */
const char *lmx_t(lmx_lang lang, lmx_text id);
/* The language of a configuration value "ru" / "en" (any letter case), or -1. */
int lmx_lang_parse(const char *code);
/* The configuration value of a language: "ru" or "en". */
const char *lmx_lang_code(lmx_lang lang);

#endif

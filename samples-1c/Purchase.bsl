// Purchase.bsl — покупка через COM-объект Loymax.Bridge из 1С:Предприятия (встроенный язык).
//
// У каждой строки в комментарии «vbs:» — строка её двойника на VBScript,
// com-registration/tests/purchase-1c.vbs: двойник проводит те же вызовы в том же порядке под wine
// в тестах COM (покупка, заблокированная карта, продажа без связи), потому что сама 1С здесь не
// запускается. Тексты кассиру двойник пишет по-английски (файл .vbs — ASCII).
//
// Где: общий модуль, модуль внешней обработки или обработчик команды — там, где доступен
// Новый COMОбъект (толстый клиент, сервер под Windows, внешняя компонента не нужна).
// Разрядность: 64-битная 1С создаёт объект из windows-x64\loymax_bridge.dll, 32-битная — из
// windows-x86\loymax_bridge.dll; зарегистрируйте обе (com-registration\register.cmd). Если
// зарегистрирована только «чужая» разрядность, Новый COMОбъект вызывает исключение
// «Класс не зарегистрирован» (0x80040154) — проверьте lmx_comcheck.exe. Создание объекта стоит
// внутри Попытка: без моста продажа продолжается без лояльности.
//
// Продажа не зависит от лояльности: каждая операция моста — в своей Попытке; заблокированная или
// неизвестная карта — чек без карты, нет связи с процессингом (статус 100) — без списания бонусов,
// окончательный расчёт и подтверждение уйдут в очередь и будут переданы позже.
// Ответы читаются функцией ПрочитатьJSON; сообщения кассиру — через СообщениеПользователю.
// Тексты ошибок моста — по-русски (по умолчанию; "language":"en" в настройках — по-английски),
// тексты процессинга передаются без изменений.

// Сообщение кассиру.                                                        vbs: Sub TellCashier(text)
Процедура СообщитьКассиру(Знач Текст)
	Сообщение = Новый СообщениеПользователю;                           // vbs: told = told & text & vbLf
	Сообщение.Текст = Текст;
	Сообщение.Сообщить();                                               // vbs: WScript.Echo "  cashier: " & text
КонецПроцедуры

// Строка с суммой ("1405.37") -> копейки.                                   vbs: Function Cents(s)
Функция Копейки(Знач Сумма)
	Если ПустаяСтрока(Сумма) Тогда
		Возврат 0;
	КонецЕсли;
	Возврат Число(Сумма) * 100;
КонецФункции

// Копейки -> строка "1405.37" (точка, без разделителя групп).              vbs: Function Money(c)
Функция Деньги(Знач Коп)
	Возврат Формат(Коп / 100, "ЧЦ=15; ЧДЦ=2; ЧРД=.; ЧГ=0; ЧН=0.00");
КонецФункции

// Ответ моста (JSON) -> Соответствие.                                       vbs: Function ReadAnswer(text)
Функция ПрочитатьОтвет(Знач Текст)
	Чтение = Новый ЧтениеJSON;                                          // vbs: jsonText = text : jsonPos = 1
	Чтение.УстановитьСтроку(Текст);
	Ответ = ПрочитатьJSON(Чтение, Истина);                              // vbs: JsonValue
	Чтение.Закрыть();
	Возврат Ответ;                                                      // vbs: Set ReadAnswer = jsonObject
КонецФункции

// Поле ответа или "", если его нет.                                         vbs: Function Field(answer, name)
Функция Поле(Ответ, Знач Имя)
	Значение = Ответ.Получить(Имя);                                     // vbs: If answer.Exists(name) Then Field = answer(name)
	Возврат ?(Значение = Неопределено, "", Значение);
КонецФункции

// Создаёт объект и открывает сессию кассы; Неопределено — продажа без лояльности.
// Конфигурация: JSON кассы или путь к файлу с ним, например
// {"engine":"host","url":"https://…/XmlExchange/partner/reg01/","login":"reg01","password":"…"}
Функция ОткрытьМост(Знач Конфигурация) Экспорт                         // vbs: Function OpenBridge(cfg)
	Попытка
		Мост = Новый COMОбъект("Loymax.Bridge");                        // vbs: Set b = CreateObject("Loymax.Bridge")
	Исключение                                                          // vbs: If Err.Number <> 0 Then
		СообщитьКассиру("Программа лояльности недоступна (COM-объект не зарегистрирован): " + ОписаниеОшибки());
		Возврат Неопределено;                                           // vbs: Err.Clear : Exit Function
	КонецПопытки;
	Попытка
		Мост.Open(Конфигурация);                                        // vbs: b.Open cfg
	Исключение                                                          // vbs: If Err.Number <> 0 Then
		СообщитьКассиру("Программа лояльности недоступна: " + Мост.LastErrorText);
		Возврат Неопределено;                                           // vbs: Err.Clear : Exit Function
	КонецПопытки;
	Возврат Мост;                                                       // vbs: Set OpenBridge = b
КонецФункции

// Выполняет команду: ответ (Соответствие) или Неопределено, если она не удалась
// (тогда статус и текст — Мост.LastErrorCode и Мост.LastErrorText).
Функция Выполнить(Мост, Знач Команда)                                   // vbs: Function RunCommand(b, command)
	Попытка
		Текст = Мост.Execute(Команда);                                  // vbs: text = b.Execute(command)
	Исключение                                                          // vbs: If Err.Number <> 0 Then
		Возврат Неопределено;                                           // vbs: Err.Clear : Exit Function
	КонецПопытки;
	Возврат ПрочитатьОтвет(Текст);                                      // vbs: Set RunCommand = ReadAnswer(text)
КонецФункции

// Продажа: Строки — массив структур (Код, Наименование, Цена, Количество, Сумма; суммы строками с точкой).
// Возвращает структуру: Итого, Бонусами, КОплате, Начислено (копейки), СЛояльностью, БезСвязи, ВОчереди.
Функция Продать(Мост, Знач Телефон, Знач Строки) Экспорт               // vbs: Function Sell(b, phone, lines)
	Продажа = Новый Структура("Итого, Бонусами, Начислено, СЛояльностью, БезСвязи, ВОчереди", 0, 0, 0, Ложь, Ложь, Ложь);
	Для Каждого Строка Из Строки Цикл                                   // vbs: For i = 0 To UBound(lines)
		Продажа.Итого = Продажа.Итого + Копейки(Строка.Сумма);          // vbs: sale("total") = sale("total") + Cents(lines(i)(4))
	КонецЦикла;
	Продажа.Вставить("КОплате", Продажа.Итого);                         // vbs: sale("toPay") = sale("total")
	Если Мост = Неопределено Тогда                                      // vbs: If b Is Nothing Then
		Возврат Продажа;                                                // vbs: Set Sell = sale : Exit Function
	КонецЕсли;
	Мост.ResetParams();                                                 // vbs: b.ResetParams
	Мост.SetParam("/identifier/type", "phone");                         // vbs: b.SetParam "/identifier/type", "phone"
	Мост.SetParam("/identifier/value", Телефон);                        // vbs: b.SetParam "/identifier/value", phone

	// 1. Карта: заблокирована или неизвестна — чек без карты; нет связи — без списания бонусов
	Ответ = Выполнить(Мост, "balance");                                 // vbs: Set answer = RunCommand(b, "balance")
	Если Ответ = Неопределено Тогда                                     // vbs: If answer Is Nothing Then
		Если Мост.LastErrorCode <> Мост.StatusOfflineRefused Тогда      // vbs: If b.LastErrorCode <> b.StatusOfflineRefused Then
			СообщитьКассиру("Продажа без карты лояльности: " + Мост.LastErrorText);
			Возврат Продажа;                                            // vbs: Set Sell = sale : Exit Function
		КонецЕсли;
		Продажа.БезСвязи = Истина;                                      // vbs: sale("offline") = True
		СообщитьКассиру(Мост.LastErrorText);                            // vbs: TellCashier b.LastErrorText
	КонецЕсли;

	// 2. Чек (без связи мост отвечает без скидок)
	Мост.SetParam("/cheque/number", Формат(ТекущаяДатаСеанса(), "ДФ=ЧЧммсс"));  // vbs: b.SetParam "/cheque/number", "1C-" & …
	Мост.SetParam("/cheque/date", ТекущаяДатаСеанса());                 // vbs: b.SetParam "/cheque/date", Now
	Для Индекс = 0 По Строки.ВГраница() Цикл                            // vbs: For i = 0 To UBound(lines)
		Путь = "/cheque/lines/" + Формат(Индекс, "ЧН=0; ЧГ=0") + "/";   // vbs: path = "/cheque/lines/" & i & "/"
		Мост.SetParam(Путь + "pos", Индекс + 1);                        // vbs: b.SetParam path & "pos", i + 1
		Мост.SetParam(Путь + "goodsId", Строки[Индекс].Код);            // vbs: b.SetParam path & "goodsId", lines(i)(0)
		Мост.SetParam(Путь + "name", Строки[Индекс].Наименование);      // vbs: b.SetParam path & "name", lines(i)(1)
		Мост.SetParam(Путь + "price", Строки[Индекс].Цена);             // vbs: b.SetParam path & "price", lines(i)(2)
		Мост.SetParam(Путь + "quantity", Строки[Индекс].Количество);    // vbs: b.SetParam path & "quantity", lines(i)(3)
		Мост.SetParam(Путь + "amount", Строки[Индекс].Сумма);           // vbs: b.SetParam path & "amount", lines(i)(4)
	КонецЦикла;
	Ответ = Выполнить(Мост, "calculate");                               // vbs: Set answer = RunCommand(b, "calculate")
	Если Ответ = Неопределено Тогда                                     // vbs: If answer Is Nothing Then
		СообщитьКассиру("Продажа без лояльности: " + Мост.LastErrorText);
		Возврат Продажа;                                                // vbs: Set Sell = sale : Exit Function
	КонецЕсли;
	Продажа.СЛояльностью = Истина;                                      // vbs: sale("loyalty") = True
	Продажа.КОплате = 0;                                                // vbs: sale("toPay") = 0
	Для Индекс = 0 По Строки.ВГраница() Цикл                            // vbs: For i = 0 To UBound(lines)
		Продажа.КОплате = Продажа.КОплате + Копейки(Поле(Ответ["lines"][Индекс], "amount"));
	КонецЦикла;
	Доступно = Копейки(Поле(Ответ, "availableAmount"));                 // vbs: available = Cents(Field(answer, "availableAmount"))

	// 3. Оплата бонусами до 100.00 (без связи невозможна: продажа без списания)
	Доступно = Мин(Доступно, 10000);                                    // vbs: If available > 10000 Then available = 10000
	Если Доступно > 0 И Не Продажа.БезСвязи Тогда                       // vbs: If available > 0 And Not sale("offline") Then
		Мост.SetParam("/amount", Деньги(Доступно));                     // vbs: b.SetParam "/amount", Money(available)
		Ответ = Выполнить(Мост, "pay");                                 // vbs: Set answer = RunCommand(b, "pay")
		Если Ответ = Неопределено Тогда                                 // vbs: If answer Is Nothing Then
			СообщитьКассиру(Мост.LastErrorText);                        // vbs: TellCashier b.LastErrorText
		Иначе
			Продажа.Бонусами = Копейки(Поле(Ответ, "amount"));          // vbs: sale("bonuses") = Cents(Field(answer, "amount"))
		КонецЕсли;
	КонецЕсли;

	// 4. Окончательный расчёт с разбивкой оплаты (без связи — в очередь)
	Мост.SetParam("/pays/0/type", "Bonus");                             // vbs: b.SetParam "/pays/0/type", "Bonus"
	Мост.SetParam("/pays/0/amount", Деньги(Продажа.Бонусами));          // vbs: b.SetParam "/pays/0/amount", Money(sale("bonuses"))
	Мост.SetParam("/pays/1/type", "Card");                              // vbs: b.SetParam "/pays/1/type", "Card"
	Мост.SetParam("/pays/1/amount", Деньги(Продажа.КОплате - Продажа.Бонусами));  // vbs: b.SetParam "/pays/1/amount", Money(…)
	Ответ = Выполнить(Мост, "discount");                                // vbs: Set answer = RunCommand(b, "discount")
	Если Ответ = Неопределено Тогда                                     // vbs: If answer Is Nothing Then
		СообщитьКассиру(Мост.LastErrorText);                            // vbs: TellCashier b.LastErrorText
	Иначе
		Продажа.Начислено = Копейки(Поле(Ответ, "bonusAmount"));        // vbs: sale("accrued") = Cents(Field(answer, "bonusAmount"))
		Продажа.ВОчереди = (Поле(Ответ, "queued") = Истина);            // vbs: sale("queued") = (Field(answer, "queued") = True)
	КонецЕсли;
	Продажа.КОплате = Продажа.КОплате - Продажа.Бонусами;               // vbs: sale("toPay") = sale("toPay") - sale("bonuses")
	Возврат Продажа;                                                    // vbs: Set Sell = sale
КонецФункции

// После печати фискального чека.                                            vbs: Sub Confirm(b, sale)
Процедура Подтвердить(Мост, Продажа) Экспорт
	Если Мост = Неопределено Или Не Продажа.СЛояльностью Тогда          // vbs: If b Is Nothing Then Exit Sub / If Not sale("loyalty") …
		Возврат;
	КонецЕсли;
	Если Выполнить(Мост, "confirm") = Неопределено Тогда                // vbs: Set answer = RunCommand(b, "confirm")
		СообщитьКассиру(Мост.LastErrorText);                            // vbs: If answer Is Nothing Then TellCashier b.LastErrorText
	КонецЕсли;
КонецПроцедуры

// Пример: покупка на кассе (в тестах двойник проводит её трижды: с картой, с заблокированной
// картой и без связи с процессингом).
Процедура ВыполнитьПокупку(Знач Конфигурация) Экспорт
	Строки = Новый Массив;                                              // vbs: lines = Array(Array("1001", …), Array("1002", …))
	Строки.Добавить(Новый Структура("Код, Наименование, Цена, Количество, Сумма", "1001", "Молоко 3,2% 1 л", "89.90", "2", "179.80"));
	Строки.Добавить(Новый Структура("Код, Наименование, Цена, Количество, Сумма", "1002", "Хлеб", "45.50", "1", "45.50"));
	Мост = ОткрытьМост(Конфигурация);                                   // vbs: Set b = OpenBridge(cfg)
	Продажа = Продать(Мост, "79260000003", Строки);                     // vbs: Set sale = Sell(b, "79260000003", lines)
	// … здесь касса печатает чек на Продажа.КОплате …
	Подтвердить(Мост, Продажа);                                         // vbs: Confirm b, sale
	СообщитьКассиру("Итого " + Деньги(Продажа.Итого) + ", бонусами " + Деньги(Продажа.Бонусами)
		+ ", к оплате " + Деньги(Продажа.КОплате) + ", начислено " + Деньги(Продажа.Начислено)
		+ ?(Продажа.ВОчереди, " (начисление — после восстановления связи)", ""));
	Если Мост <> Неопределено Тогда                                     // vbs: If Not (b Is Nothing) Then
		Мост.Close();                                                   // vbs: b.Close
	КонецЕсли;
КонецПроцедуры

package graph

import (
	"regexp"
	"strings"
)

// The parser and validator write their messages in English. zhMessages
// translates them for requests in Chinese: each English template (%s for
// what varies) with its Chinese form (%1, %2… for the same parts, in any
// order). A message no template matches is shown in English after a
// Chinese lead, so that it is never silently untranslated.
var zhMessages = compileMessages([][2]string{
	// Parser and lexer.
	{`Expected %s, found %s`, `语法错误：此处应为 %1，实际为 %2`},
	{`Unexpected %s`, `语法错误：不应出现 %1`},
	{`Cannot parse the unexpected character %s.`, `语法错误：无法解析字符 %1`},
	{`Unterminated string.`, `语法错误：字符串未结束`},
	{`Invalid character within String: %s.`, `语法错误：字符串中有无效字符 %1`},
	{`Invalid character escape sequence: %s.`, `语法错误：无效的转义序列 %1`},
	{`Invalid number, expected digit but got: %s.`, `语法错误：数字无效，此处应为数字，实际为 %1`},
	{`Invalid number, unexpected digit after 0: %s.`, `语法错误：数字无效，0 之后不应有数字 %1`},
	// Validation.
	{`Cannot query field "%s" on type "%s".`, `类型“%2”没有字段“%1”。`},
	{`Unknown argument "%s" on field "%s.%s".`, `字段“%2.%3”没有参数“%1”。`},
	{`Unknown argument "%s" on directive "@%s".`, `指令“@%2”没有参数“%1”。`},
	{`Unknown directive "@%s".`, `未知指令“@%1”。`},
	{`Unknown fragment "%s".`, `未知片段“%1”。`},
	{`Unknown type "%s".`, `未知类型“%1”。`},
	{`Field "%s" argument "%s" of type "%s" is required, but it was not provided.`, `字段“%1”的参数“%2”（类型 %3）为必填，但未提供。`},
	{`Directive "@%s" argument "%s" of type "%s" is required, but it was not provided.`, `指令“@%1”的参数“%2”（类型 %3）为必填，但未提供。`},
	{`Field "%s" of type "%s" must have a selection of subfields.`, `字段“%1”（类型 %2）须选择子字段。`},
	{`Field "%s" must not have a selection since type "%s" has no subfields.`, `字段“%1”的类型 %2 没有子字段，不能选择子字段。`},
	{`Field "%s" is not defined by type "%s".`, `类型“%2”没有输入字段“%1”。`},
	{`Field "%s.%s" of required type "%s" was not provided.`, `必填输入字段“%1.%2”（类型 %3）未提供。`},
	{`Field "%s.%s" must be non-null.`, `输入字段“%1.%2”不能为 null。`},
	{`Fields "%s" conflict because %s. Use different aliases on the fields to fetch both if this was intentional.`, `字段“%1”相互冲突（%2）；如需同时获取，请使用不同的别名。`},
	{`Directive "@%s" may not be used on %s.`, `指令“@%1”不能用在 %2 上。`},
	{`The directive "@%s" can only be used once at this location.`, `指令“@%1”在此处只能使用一次。`},
	{`Fragment "%s" is never used.`, `片段“%1”未被使用。`},
	{`Cannot spread fragment "%s" within itself%s.`, `片段“%1”不能展开自身%2。`},
	{`Fragment "%s" cannot be spread here as objects of type "%s" can never be of type "%s".`, `片段“%1”不能在此展开：类型“%2”的对象不可能是类型“%3”。`},
	{`Fragment cannot be spread here as objects of type "%s" can never be of type "%s".`, `片段不能在此展开：类型“%1”的对象不可能是类型“%2”。`},
	{`Fragment "%s" cannot condition on non composite type "%s".`, `片段“%1”不能以非复合类型“%2”为条件。`},
	{`Fragment cannot condition on non composite type "%s".`, `片段不能以非复合类型“%1”为条件。`},
	{`There can be only one argument named "%s".`, `参数“%1”只能出现一次。`},
	{`There can be only one fragment named "%s".`, `片段名“%1”只能定义一次。`},
	{`There can be only one input field named "%s".`, `输入字段“%1”只能出现一次。`},
	{`There can be only one operation named "%s".`, `操作名“%1”只能定义一次。`},
	{`There can be only one variable named "$%s".`, `变量“$%1”只能定义一次。`},
	{`This anonymous operation must be the only defined operation.`, `匿名操作必须是文档中唯一的操作。`},
	{`Schema does not support operation type "%s"`, `本平台不支持“%1”操作。`},
	{`%s must select only one top level field.`, `%1只能选择一个顶层字段。`},
	{`%s must not select an introspection top level field.`, `%1不能选择内省顶层字段。`},
	{`Variable "$%s" is never used in operation "%s".`, `变量“$%1”在操作“%2”中未被使用。`},
	{`Variable "$%s" is never used.`, `变量“$%1”未被使用。`},
	{`Variable "%s" is not defined by operation "%s".`, `操作“%2”未定义变量“%1”。`},
	{`Variable "%s" is not defined.`, `变量“%1”未定义。`},
	{`Variable "$%s" cannot be non-input type "%s".`, `变量“$%1”的类型“%2”不是输入类型。`},
	{`Variable "%s" of type "%s" used in position expecting type "%s".`, `变量“%1”的类型为“%2”，此处需要“%3”。`},
	{`Value "%s" does not exist in "%s" enum.`, `枚举“%2”没有取值“%1”。`},
	{`Enum "%s" cannot represent non-enum value: %s.`, `枚举“%1”不能取非枚举值：%2。`},
	{`Enum "%s" cannot represent non-enum value: %s`, `枚举“%1”不能取非枚举值：%2`},
	{`Expected value of type "%s", found %s.`, `此处应为“%1”类型的值，实际为 %2。`},
	{`Int cannot represent non 32-bit signed integer value: %s`, `Int 只能表示32位有符号整数，实际为 %1`},
	{`Int cannot represent non-integer value: %s`, `Int 不能表示非整数值：%1`},
	{`Float cannot represent non numeric value: %s`, `Float 不能表示非数值：%1`},
	{`String cannot represent a non string value: %s`, `String 不能表示非字符串值：%1`},
	{`Boolean cannot represent a non boolean value: %s`, `Boolean 不能表示非布尔值：%1`},
	{`ID cannot represent a non-string and non-integer value: %s`, `ID 只能是字符串或整数，实际为 %1`},
	{`OneOf Input Object "%s" must specify exactly one key.`, `OneOf 输入对象“%1”必须恰好给出一个字段。`},
	{`Maximum introspection depth exceeded`, `内省查询嵌套过深`},
	// Variables, as the executor checks them (input: variable.x …).
	{`must be defined`, `必填，但未提供`},
	{`cannot be null`, `不能为 null`},
	{`unknown field`, `未知字段`},
	{`must be a %s, not a %s`, `应为 %1，实际为 %2`},
	{`cannot use %s as %s`, `不能将 %1 用作 %2`},
	{`%s must be defined`, `%1 为必填`},
	{`%s cannot be null`, `%1 不能为 null`},
	{`%s unknown field`, `%1 未知字段`},
	{`%s is not a valid %s`, `%1 不是有效的 %2`},
})

// didYouMean is the validator's suggestion after a message.
var didYouMean = regexp.MustCompile(` Did you mean (.+)\?$`)

type zhMessage struct {
	re *regexp.Regexp
	zh string
}

func compileMessages(pairs [][2]string) []zhMessage {
	out := make([]zhMessage, 0, len(pairs))
	for _, p := range pairs {
		parts := strings.Split(p[0], "%s")
		for i := range parts {
			parts[i] = regexp.QuoteMeta(parts[i])
		}
		out = append(out, zhMessage{re: regexp.MustCompile("^" + strings.Join(parts, "(.*?)") + "$"), zh: p[1]})
	}
	return out
}

// translateMessage translates a parser or validator message into Chinese.
func translateMessage(en string) string {
	msg, suggestion := en, ""
	if m := didYouMean.FindStringSubmatchIndex(en); m != nil {
		msg, suggestion = en[:m[0]], en[m[2]:m[3]]
	}
	zh := ""
	for _, t := range zhMessages {
		if sub := t.re.FindStringSubmatch(msg); sub != nil {
			zh = t.zh
			for i := len(sub) - 1; i >= 1; i-- {
				zh = strings.ReplaceAll(zh, "%"+string(rune('0'+i)), sub[i])
			}
			break
		}
	}
	if zh == "" {
		return "查询文档有误：" + en
	}
	if suggestion != "" {
		suggestion = strings.NewReplacer(`", "`, `"、"`, `" or "`, `" 或 "`).Replace(suggestion)
		zh += "您是否要找 " + suggestion + "？"
	}
	return zh
}

package matching

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/wushehub/wushe/internal/fault"
)

// Decode reads an Instance from its JSON form: an object with "communities",
// "groups" and "params", keys spelled as the JSON tags of Instance (camelCase).
// Params left out keep their DefaultParams value.
//
// Decoding is strict: unknown keys, values of the wrong type, null where a
// value is required, and data after the instance are rejected. Such errors
// are a fault.BadUserInput naming the JSON path of the offending value (e.g.
// "communities[3].maxGroups") and its line and column. Decode does not
// validate the values themselves; Solve does.
func Decode(r io.Reader) (Instance, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return Instance{}, fmt.Errorf("decode instance: %w", err)
	}
	w := &walker{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	w.dec.UseNumber()
	if err := w.value(reflect.TypeFor[Instance](), ""); err != nil {
		return Instance{}, fmt.Errorf("decode instance: %w", err)
	}
	off := w.pos()
	if _, err := w.dec.Token(); err != io.EOF {
		return Instance{}, fmt.Errorf("decode instance: %w", w.bad("", off,
			"unexpected data after the instance", "实例之后有多余的数据"))
	}

	in := Instance{Params: DefaultParams()}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		// The walker accepts only what decodes; this is a safety net.
		return Instance{}, fmt.Errorf("decode instance: %w",
			badInput("", "malformed instance: %v", "实例格式错误：%v", err))
	}
	return in, nil
}

// walker checks JSON against a Go type token by token, so that errors can
// name the path of the offending value.
type walker struct {
	data []byte
	dec  *json.Decoder
}

// pos returns the offset of the next token.
func (w *walker) pos() int {
	off := int(w.dec.InputOffset())
	for off < len(w.data) && strings.IndexByte(" \t\r\n,:", w.data[off]) >= 0 {
		off++
	}
	return off
}

// bad returns a BadInput for field at offset off; en and zh describe the
// problem (plain text, not formats).
func (w *walker) bad(field string, off int, en, zh string) error {
	line, col := 1, 1
	prefix := w.data[:min(off, len(w.data))]
	if i := bytes.LastIndexByte(prefix, '\n'); i >= 0 {
		line += bytes.Count(prefix, []byte{'\n'})
		prefix = prefix[i+1:]
	}
	col += utf8.RuneCount(prefix)
	return fault.BadInput(field, fault.Text{
		En: fmt.Sprintf("%s at line %d, column %d", en, line, col),
		Zh: fmt.Sprintf("第 %d 行第 %d 列：%s", line, col, zh),
	})
}

// token reads the next token; field names the value being read.
func (w *walker) token(field string) (json.Token, int, error) {
	off := w.pos()
	tok, err := w.dec.Token()
	if err == nil {
		return tok, off, nil
	}
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return nil, off, w.bad(field, int(se.Offset), "malformed JSON: "+se.Error(), "JSON 格式错误："+se.Error())
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return nil, off, w.bad(field, len(w.data), "unexpected end of input", "输入意外结束")
	default:
		return nil, off, w.bad(field, off, "malformed JSON: "+err.Error(), "JSON 格式错误："+err.Error())
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// value checks the next value against t.
func (w *walker) value(t reflect.Type, path string) error {
	tok, off, err := w.token(path)
	if err != nil {
		return err
	}
	if tok == nil {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map:
			return nil
		}
		return w.bad(path, off, "must not be null", "不能为 null")
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		if tok != json.Delim('{') {
			return w.bad(path, off, "expected an object", "应为对象")
		}
		for w.dec.More() {
			ktok, koff, err := w.token(path)
			if err != nil {
				return err
			}
			key, _ := ktok.(string)
			f, ok := fieldByTag(t, key)
			if !ok {
				return w.bad(join(path, key), koff, fmt.Sprintf("unknown field %q", key), fmt.Sprintf("未知字段 %q", key))
			}
			if err := w.value(f.Type, join(path, key)); err != nil {
				return err
			}
		}
		_, _, err := w.token(path)
		return err
	case reflect.Map:
		if tok != json.Delim('{') {
			return w.bad(path, off, "expected an object", "应为对象")
		}
		for w.dec.More() {
			ktok, _, err := w.token(path)
			if err != nil {
				return err
			}
			key, _ := ktok.(string)
			if err := w.value(t.Elem(), fmt.Sprintf("%s[%q]", path, key)); err != nil {
				return err
			}
		}
		_, _, err := w.token(path)
		return err
	case reflect.Slice:
		if tok != json.Delim('[') {
			return w.bad(path, off, "expected an array", "应为数组")
		}
		for i := 0; w.dec.More(); i++ {
			if err := w.value(t.Elem(), fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		_, _, err := w.token(path)
		return err
	case reflect.String:
		if _, ok := tok.(string); !ok {
			return w.bad(path, off, "expected a string", "应为字符串")
		}
	case reflect.Float64:
		n, ok := tok.(json.Number)
		if !ok {
			return w.bad(path, off, "expected a number", "应为数字")
		}
		if _, err := strconv.ParseFloat(string(n), 64); err != nil {
			return w.bad(path, off, "number out of range", "数值超出范围")
		}
	case reflect.Int:
		n, ok := tok.(json.Number)
		if !ok {
			return w.bad(path, off, "expected an integer", "应为整数")
		}
		if _, err := strconv.ParseInt(string(n), 10, strconv.IntSize); err != nil {
			return w.bad(path, off, "expected an integer within range", "应为范围内的整数")
		}
	default:
		return w.bad(path, off, "unsupported value", "不支持的值")
	}
	return nil
}

// fieldByTag returns the field of struct t whose JSON name is key, exactly.
func fieldByTag(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == key && f.IsExported() {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

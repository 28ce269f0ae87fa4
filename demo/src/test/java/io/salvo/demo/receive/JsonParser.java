package io.salvo.demo.receive;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 parser for the tests: objects become {@link Map}s, arrays {@link List}s,
 * integers {@link Long}s, other numbers {@link Double}s. Throws on anything else, trailing text
 * included.
 */
public final class JsonParser {
    private final String text;
    private int index;

    private JsonParser(String text) {
        this.text = text;
    }

    static Object parse(String text) {
        JsonParser parser = new JsonParser(text);
        Object value = parser.value();
        parser.whitespace();
        if (parser.index != text.length()) {
            throw parser.error("trailing text");
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object value = parse(text);
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("not a JSON object: " + text);
        }
        return (Map<String, Object>) value;
    }

    private Object value() {
        whitespace();
        if (index >= text.length()) {
            throw error("value expected");
        }
        char c = text.charAt(index);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            default:
                if (text.startsWith("true", index)) {
                    index += 4;
                    return Boolean.TRUE;
                }
                if (text.startsWith("false", index)) {
                    index += 5;
                    return Boolean.FALSE;
                }
                if (text.startsWith("null", index)) {
                    index += 4;
                    return null;
                }
                return number();
        }
    }

    private Map<String, Object> object() {
        Map<String, Object> members = new LinkedHashMap<>();
        index++;
        whitespace();
        if (peek() == '}') {
            index++;
            return members;
        }
        while (true) {
            whitespace();
            if (peek() != '"') {
                throw error("member name expected");
            }
            String name = string();
            whitespace();
            expect(':');
            if (members.containsKey(name)) {
                throw error("duplicate member " + name);
            }
            members.put(name, value());
            whitespace();
            if (peek() == ',') {
                index++;
            } else {
                expect('}');
                return members;
            }
        }
    }

    private List<Object> array() {
        List<Object> elements = new ArrayList<>();
        index++;
        whitespace();
        if (peek() == ']') {
            index++;
            return elements;
        }
        while (true) {
            elements.add(value());
            whitespace();
            if (peek() == ',') {
                index++;
            } else {
                expect(']');
                return elements;
            }
        }
    }

    private String string() {
        StringBuilder out = new StringBuilder();
        index++;
        while (true) {
            if (index >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(index++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw error("unescaped control character");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char escaped = text.charAt(index++);
            switch (escaped) {
                case '"', '\\', '/' -> out.append(escaped);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) Integer.parseInt(text.substring(index, index + 4), 16));
                    index += 4;
                }
                default -> throw error("bad escape \\" + escaped);
            }
        }
    }

    private Object number() {
        int start = index;
        if (peek() == '-') {
            index++;
        }
        digits();
        boolean integer = true;
        if (peek() == '.') {
            integer = false;
            index++;
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            integer = false;
            index++;
            if (peek() == '+' || peek() == '-') {
                index++;
            }
            digits();
        }
        String number = text.substring(start, index);
        return integer ? (Object) Long.parseLong(number) : (Object) Double.parseDouble(number);
    }

    private void digits() {
        int start = index;
        while (index < text.length() && Character.isDigit(text.charAt(index))) {
            index++;
        }
        if (index == start) {
            throw error("digit expected");
        }
    }

    private void whitespace() {
        while (index < text.length() && " \t\r\n".indexOf(text.charAt(index)) >= 0) {
            index++;
        }
    }

    private char peek() {
        return index < text.length() ? text.charAt(index) : '\0';
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("'" + c + "' expected");
        }
        index++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at " + index + " in " + text);
    }
}

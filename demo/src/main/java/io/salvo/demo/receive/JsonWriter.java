package io.salvo.demo.receive;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Writes one line of JSON (RFC 8259) into a string: objects, arrays, strings with the required
 * escapes, booleans, null, integers, and finite decimals rounded to {@value #DECIMALS} places (NaN and infinities
 * as {@code null}). The caller nests begin/end calls correctly; no validation.
 */
public final class JsonWriter {
    /** Decimal places kept for non-integer numbers. */
    public static final int DECIMALS = 6;

    private final StringBuilder out = new StringBuilder();
    private boolean comma;

    /** Opens an object. */
    public JsonWriter beginObject() {
        separate();
        out.append('{');
        comma = false;
        return this;
    }

    /** Closes the open object. */
    public JsonWriter endObject() {
        out.append('}');
        comma = true;
        return this;
    }

    /** Opens an array. */
    public JsonWriter beginArray() {
        separate();
        out.append('[');
        comma = false;
        return this;
    }

    /** Closes the open array. */
    public JsonWriter endArray() {
        out.append(']');
        comma = true;
        return this;
    }

    /** Writes a member name; the next call writes its value. */
    public JsonWriter name(String name) {
        separate();
        string(name);
        out.append(':');
        comma = false;
        return this;
    }

    /** Writes an integer. */
    public JsonWriter value(long value) {
        separate();
        out.append(value);
        comma = true;
        return this;
    }

    /** Writes a decimal, or {@code null} when it is not finite. */
    public JsonWriter value(double value) {
        separate();
        if (Double.isFinite(value)) {
            out.append(new BigDecimal(value).setScale(DECIMALS, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString());
        } else {
            out.append("null");
        }
        comma = true;
        return this;
    }

    /** Writes a string, or {@code null}. */
    public JsonWriter value(String value) {
        separate();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        comma = true;
        return this;
    }

    /** Writes {@code true} or {@code false}. */
    public JsonWriter value(boolean value) {
        separate();
        out.append(value);
        comma = true;
        return this;
    }

    /** Writes {@code null}. */
    public JsonWriter nullValue() {
        separate();
        out.append("null");
        comma = true;
        return this;
    }

    /** Writes {@code "name": value}. */
    public JsonWriter field(String name, boolean value) {
        return name(name).value(value);
    }

    /** Writes {@code "name": value}. */
    public JsonWriter field(String name, long value) {
        return name(name).value(value);
    }

    /** Writes {@code "name": value}. */
    public JsonWriter field(String name, double value) {
        return name(name).value(value);
    }

    /** Writes {@code "name": "value"}. */
    public JsonWriter field(String name, String value) {
        return name(name).value(value);
    }

    private void separate() {
        if (comma) {
            out.append(',');
        }
    }

    private void string(String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** The JSON written so far. */
    @Override
    public String toString() {
        return out.toString();
    }
}

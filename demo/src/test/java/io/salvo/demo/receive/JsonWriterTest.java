package io.salvo.demo.receive;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonWriterTest {
    @Test
    void shouldSeparateMembersAndElementsWithCommas() {
        String json = new JsonWriter().beginObject()
                .field("a", 1)
                .name("b").beginArray().value(2).beginObject().endObject().beginArray().endArray().value("x").endArray()
                .name("c").beginObject().field("d", -3).endObject()
                .field("e", "f")
                .endObject().toString();

        assertEquals("{\"a\":1,\"b\":[2,{},[],\"x\"],\"c\":{\"d\":-3},\"e\":\"f\"}", json);
    }

    @Test
    void shouldEscapeQuotesBackslashesAndControlCharacters() {
        String text = "say \"hi\"\\ \n\r\t\b\f \u0001 \u001F é \u2028";
        String json = new JsonWriter().beginArray().value(text).value((String) null).endArray().toString();

        assertEquals("[\"say \\\"hi\\\"\\\\ \\n\\r\\t\\b\\f \\u0001 \\u001f é \u2028\",null]", json);
        assertEquals(java.util.Arrays.asList(text, null), JsonParser.parse(json));
    }

    @Test
    void shouldWriteBooleansAndNull() {
        String json = new JsonWriter().beginObject().field("yes", true).field("no", false)
                .name("nothing").nullValue().endObject().toString();

        assertEquals("{\"yes\":true,\"no\":false,\"nothing\":null}", json);
        assertEquals(java.util.Arrays.asList(true, false, null),
                new java.util.ArrayList<>(JsonParser.parseObject(json).values()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "0.0, 0",
            "-0.0, 0",
            "1.5, 1.5",
            "0.1, 0.1",
            "12.3456789, 12.345679",
            "0.0000004, 0",
            "1e20, 100000000000000000000",
            "-2.25, -2.25",
            "NaN, null",
            "Infinity, null",
    })
    void shouldWriteDecimalsPlainlyRoundedAndNonFiniteAsNull(double value, String expected) {
        assertEquals(expected, new JsonWriter().value(value).toString());
    }

    @Test
    void shouldWriteLongsExactly() {
        String json = new JsonWriter().beginObject().field("max", Long.MAX_VALUE).field("ssrc", 0xFFFF_FFFFL).endObject().toString();

        assertEquals(Map.of("max", Long.MAX_VALUE, "ssrc", 0xFFFF_FFFFL), JsonParser.parse(json));
        assertEquals(List.of(), JsonParser.parse(new JsonWriter().beginArray().endArray().toString()));
    }
}

/** Just enough JSON reading for listings: counts the strings in the array value of one top-level key. */
final class Json {
    private Json() {
    }

    static long countStrings(String json, String key) {
        int k = json.indexOf("\"" + key + "\"");
        if (k < 0) {
            throw new IllegalArgumentException("no \"" + key + "\" in " + abbreviate(json));
        }
        int i = skipSpace(json, k + key.length() + 2);
        if (i >= json.length() || json.charAt(i) != ':') {
            throw new IllegalArgumentException("malformed listing: " + abbreviate(json));
        }
        i = skipSpace(json, i + 1);
        if (json.startsWith("null", i)) {
            return 0;
        }
        if (json.charAt(i) != '[') {
            throw new IllegalArgumentException("\"" + key + "\" is not an array: " + abbreviate(json));
        }
        long count = 0;
        i++;
        while (true) {
            i = skipSpace(json, i);
            char ch = json.charAt(i);
            if (ch == ']') {
                return count;
            } else if (ch == ',') {
                i++;
            } else if (ch == '"') {
                i++;
                while (json.charAt(i) != '"') {
                    i += json.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
                count++;
            } else {
                throw new IllegalArgumentException("unexpected '" + ch + "' in " + abbreviate(json));
            }
        }
    }

    private static int skipSpace(String s, int from) {
        int i = from;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}

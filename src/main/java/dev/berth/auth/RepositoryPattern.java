package dev.berth.auth;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;

import java.util.regex.Pattern;

/**
 * The glob of a {@link RepositoryRule}: {@code *} matches any run of characters, {@code /} included (so
 * {@code team-a/secret/*} covers every repository below {@code team-a/secret/}, however deep); {@code ?} matches
 * one character other than {@code /}; everything else matches itself. Patterns use the characters of repository
 * names ({@code a-z 0-9 . _ - /}) plus the two wildcards.
 */
public record RepositoryPattern(String glob) {
    private static final Pattern SYNTAX = Pattern.compile("[a-z0-9._/*?-]{1,255}");

    public RepositoryPattern {
        if (!SYNTAX.matcher(glob).matches()) {
            throw RegistryException.of(ErrorCode.BAD_REQUEST, "invalid repository pattern '" + glob
                    + "': use a-z 0-9 . _ - / and the wildcards * and ?");
        }
    }

    /** Glob matching with backtracking to the last star: no regex, linear in practice. */
    public boolean matches(String repository) {
        int p = 0;
        int t = 0;
        int star = -1;
        int starText = 0;
        while (t < repository.length()) {
            if (p < glob.length() && glob.charAt(p) == '*') {
                star = p++;
                starText = t;
            } else if (p < glob.length() && (glob.charAt(p) == repository.charAt(t)
                    || glob.charAt(p) == '?' && repository.charAt(t) != '/')) {
                p++;
                t++;
            } else if (star >= 0) {
                p = star + 1;
                t = ++starText;
            } else {
                return false;
            }
        }
        while (p < glob.length() && glob.charAt(p) == '*') {
            p++;
        }
        return p == glob.length();
    }

    /** How specific the pattern is: its number of literal characters (more wins when several rules match). */
    public int specificity() {
        int literal = 0;
        for (int i = 0; i < glob.length(); i++) {
            if (glob.charAt(i) != '*' && glob.charAt(i) != '?') {
                literal++;
            }
        }
        return literal;
    }

    /** The part before the first wildcard: every repository the pattern matches starts with it. */
    public String literalPrefix() {
        int end = 0;
        while (end < glob.length() && glob.charAt(end) != '*' && glob.charAt(end) != '?') {
            end++;
        }
        return glob.substring(0, end);
    }

    @Override
    public String toString() {
        return glob;
    }
}

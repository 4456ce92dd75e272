package io.meshrelay.controlplane;

/** "Did you mean": the known word nearest to a misspelt one, for error messages. */
public final class Suggest {
    private Suggest() {
    }

    /**
     * The candidate with the fewest edits from {@code wrong} (ignoring case: a hint, not a
     * match), if within {@code maxEdits}; else null.
     */
    public static String nearest(String wrong, Iterable<String> candidates, int maxEdits) {
        String best = null;
        int bestDist = Integer.MAX_VALUE;
        String w = wrong.toLowerCase(java.util.Locale.ROOT);
        for (String c : candidates) {
            int d = editDistance(w, c.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDist) {
                bestDist = d;
                best = c;
            }
        }
        return bestDist <= maxEdits ? best : null;
    }

    /** Levenshtein distance (insert, delete, substitute; each costs 1). */
    public static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}

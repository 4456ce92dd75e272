package io.meshrelay.controlplane.cli;

import java.io.PrintWriter;
import java.util.List;

/** Left-aligned text tables for the client commands. */
final class Tables {
    private Tables() {
    }

    static void print(List<String[]> rows, PrintWriter out) {
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                sb.append(row[c]);
                if (c < row.length - 1) {
                    sb.append(" ".repeat(width[c] - row[c].length() + 2));
                }
            }
            out.println(sb);
        }
        out.flush();
    }
}

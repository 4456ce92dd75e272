package io.meshrelay.bench.load;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The outcome of one load point, with rtpblast's field names so relaybench's bookkeeping
 * ({@code rbstat.py merge}) and report read it unchanged. Immutable.
 *
 * @param sent          packets the sockets accepted (written minus failed writes)
 * @param unique        distinct packets received
 * @param lost          sum over flows of max(0, sent - unique): exact per flow
 * @param duplicates    extra copies received
 * @param reordered     packets older than the newest already received in their flow
 * @param skipped       packets not sent because the sender fell > 2 ms behind or a socket was full
 * @param rateSent      sent / send time
 * @param rateDelivered unique / send time
 */
public record LoadResult(String label, String generator, String srtpSuite, int runId, int flows, int size,
        double rateOffered, double durationS, int tickUs, long planned, long sent, long sendErrors, long skipped,
        long unwritable, long srtpSendFailures, double sendElapsedS, double rateSent, double sendMaxBehindUs,
        long received, long unique, long lost, double lossPct, long duplicates, long reordered, long foreign,
        long stale, long srtpFailures, long flowsSeen, double worstFlowLossPct, double rxWindowS,
        double rateDelivered, long rxDrops, long latencyCount, double p50Us, double p90Us, double p99Us,
        double p999Us, double maxUs, double meanUs, double sendUserS, double sendSysS, double recvUserS,
        double recvSysS) {

    /** One JSON line in rtpblast's format plus the generator's own fields. */
    public ObjectNode toJson() {
        ObjectNode o = MeshrelayApi.JSON.createObjectNode();
        o.put("tool", "loadgen-java").put("generator", generator).put("mode", "both").put("label", label)
                .put("run_id", runId).put("flows", flows).put("size", size).put("srtp", srtpSuite)
                .put("rate_offered", rateOffered).put("duration_s", durationS).put("tick_us", tickUs)
                .put("planned", planned).put("sent", sent).put("send_errors", sendErrors).put("skipped", skipped)
                .put("unwritable", unwritable).put("srtp_send_fail", srtpSendFailures)
                .put("send_elapsed_s", round(sendElapsedS, 4)).put("rate_sent", Math.round(rateSent))
                .put("send_max_behind_us", round(sendMaxBehindUs, 1)).put("received", received)
                .put("unique", unique).put("expected", sent).put("lost", lost).put("loss_pct", round(lossPct, 4))
                .put("loss_basis", "sent").put("dup", duplicates).put("reorder", reordered).put("foreign", foreign)
                .put("stale", stale).put("srtp_fail", srtpFailures).put("flows_seen", flowsSeen)
                .put("worst_flow_loss_pct", round(worstFlowLossPct, 3)).put("rx_window_s", round(rxWindowS, 4))
                .put("rate_delivered", Math.round(rateDelivered)).put("rx_drops", rxDrops);
        o.putObject("lat_us").put("n", latencyCount).put("p50", round(p50Us, 1)).put("p90", round(p90Us, 1))
                .put("p99", round(p99Us, 1)).put("p999", round(p999Us, 1)).put("max", round(maxUs, 1))
                .put("mean", round(meanUs, 1));
        o.putObject("cpu_s").put("send_user", round(sendUserS, 3)).put("send_sys", round(sendSysS, 3))
                .put("recv_user", round(recvUserS, 3)).put("recv_sys", round(recvSysS, 3));
        return o;
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** One line for a human watching the sweep. */
    public String summaryLine() {
        return String.format(java.util.Locale.ROOT,
                "%-28s sent=%8.0f/s deliv=%8.0f/s loss=%7.3f%% dup=%d reorder=%d p50=%7.1fus p99=%8.1fus%s",
                label, rateSent, rateDelivered, lossPct, duplicates, reordered, p50Us, p99Us,
                skipped + unwritable > 0 ? "  generator_short=" + (skipped + unwritable) : "");
    }
}

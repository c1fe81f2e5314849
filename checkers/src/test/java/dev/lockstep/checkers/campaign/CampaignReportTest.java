package dev.lockstep.checkers.campaign;

import dev.lockstep.checkers.campaign.fixtures.Polynomial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CSV, Markdown and chart a campaign writes. */
class CampaignReportTest {

    @Test
    void writesEveryInjectionATableAndAChart(@TempDir Path dir) throws Exception {
        CampaignResult plain = Campaign.of(Polynomial.class.getName(), FaultModel.STATE, Variant.UNHARDENED)
                .injections(40).seed(2).run(done -> { });
        CampaignResult dmr = Campaign.of(Polynomial.class.getName(), FaultModel.STATE, Variant.DMR)
                .injections(40).seed(2).run(done -> { });
        List<CampaignResult> results = List.of(plain, dmr);

        CampaignReport.writeCsv(results, dir.resolve("out/injections.csv"));
        List<String> rows = Files.readAllLines(dir.resolve("out/injections.csv"));
        assertEquals(81, rows.size(), "a header and one row per injection");
        assertEquals("workload,model,variant,seed,index,target,mask,fired,outcome,detail", rows.get(0));
        assertTrue(rows.get(41).startsWith("polynomial,state,dmr,2,0,"), rows.get(41));

        String md = CampaignReport.markdown(results);
        assertTrue(md.contains("| SDC rate (Wilson 95%) |"), md);
        double[] ci = dmr.sdcInterval95();
        assertEquals(0.0, ci[0], 1e-12);
        assertTrue(ci[1] > 0.05 && ci[1] < 0.15, "Wilson upper bound for 0 of 40: " + ci[1]);
        assertTrue(md.contains("| polynomial | state | dmr | 40 | 0 | 40 | 0 | 0 | 0 | 0 | 0.0% (0.0%–"), md);

        List<Path> charts = CampaignReport.writeCharts(results, dir);
        assertEquals(List.of(dir.resolve("polynomial.png")), charts);
        byte[] png = Files.readAllBytes(charts.get(0));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
        assertTrue(png.length > 5_000, "a drawn chart, not an empty image");
    }
}

package org.adherence.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextReportTest {

    @Test
    void aPercentileWhoseRankFellInInfIsPrintedAsALowerBound() {
        assertThat(TextReport.quantile(114_500, true)).isEqualTo(">= 114500.0");
        assertThat(TextReport.quantile(7.25, false)).isEqualTo("7.3");
        assertThat(TextReport.quantile(Double.NaN, true)).isEqualTo("n/a");
    }
}

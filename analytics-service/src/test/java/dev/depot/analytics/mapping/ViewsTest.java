package dev.depot.analytics.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ViewsTest {

    @ParameterizedTest
    @CsvSource({ "0,0 B", "1023,1023 B", "1024,1.0 KB", "1536,1.5 KB", "1048575,1.0 MB", "1048576,1.0 MB",
            "1073741824,1.0 GB", "1610612736,1.5 GB", "1099511627776,1.0 TB" })
    void sizesReadAsTheSeedShowsThem(long bytes, String human) {
        assertThat(Views.humanSize(bytes)).isEqualTo(human);
    }
}

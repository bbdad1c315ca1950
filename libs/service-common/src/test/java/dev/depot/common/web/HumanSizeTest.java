package dev.depot.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HumanSizeTest {

    @Test
    void oneDecimalOf1024BasedUnitsUpToTerabytes() {
        assertThat(HumanSize.of(0)).isEqualTo("0.0 B");
        assertThat(HumanSize.of(512)).isEqualTo("512.0 B");
        assertThat(HumanSize.of(1023)).isEqualTo("1023.0 B");
        assertThat(HumanSize.of(1024)).isEqualTo("1.0 KB");
        assertThat(HumanSize.of(1536)).isEqualTo("1.5 KB");
        assertThat(HumanSize.of(1024L * 1024)).isEqualTo("1.0 MB");
        assertThat(HumanSize.of(1024L * 1024 - 1)).isEqualTo("1024.0 KB");
        assertThat(HumanSize.of(5L * 1024 * 1024 * 1024)).isEqualTo("5.0 GB");
        assertThat(HumanSize.of(3L * 1024 * 1024 * 1024 * 1024)).isEqualTo("3.0 TB");
        assertThat(HumanSize.of(2048L * 1024 * 1024 * 1024 * 1024)).isEqualTo("2048.0 TB");
    }
}

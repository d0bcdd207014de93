package io.mxguard.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnhancedStatusTest {

    @Test
    void parseAndFormat_roundTrip() {
        assertThat(EnhancedStatus.parse("4.7.5")).contains(new EnhancedStatus(4, 7, 5));
        assertThat(EnhancedStatus.of("5.3.4").toString()).isEqualTo("5.3.4");
        assertThat(EnhancedStatus.of("2.0.0").isPermanent()).isFalse();
        assertThat(EnhancedStatus.of("4.7.5").withClass(5)).isEqualTo(EnhancedStatus.of("5.7.5"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.0.0", "5.1", "5.01.1", "5.1.1000", "x.1.1", "5.1.1 ", ""})
    void invalid_isEmpty(String text) {
        assertThat(EnhancedStatus.parse(text)).isEmpty();
    }
}

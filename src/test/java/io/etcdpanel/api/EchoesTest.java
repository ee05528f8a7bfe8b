package io.etcdpanel.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A problem message keeps its words and hint, but no echoed value longer than a hundred characters. */
class EchoesTest {

    @Test
    void aShortMessageStaysAsItIs() {
        assertThat(Echoes.cut("unknown runtime nope; known: local, kubernetes")).isEqualTo("unknown runtime nope; known: local, kubernetes");
    }

    @Test
    void aLongValueKeepsItsStartAndAnEllipsisAndTheHintAfterIt() {
        String cut = Echoes.cut("unknown runtime " + "x".repeat(5_000_000) + " known: local, kubernetes");

        assertThat(cut).isEqualTo("unknown runtime " + "x".repeat(Echoes.MAX_RUN) + "… known: local, kubernetes");
    }

    @Test
    void aLongMessageOfShortWordsIsHeldToItsLimit() {
        String cut = Echoes.cut("ab ".repeat(10_000));

        assertThat(cut).hasSize(Echoes.MAX_MESSAGE + 1).endsWith("…");
    }

    @Test
    void nothingStaysNothing() {
        assertThat(Echoes.cut(null)).isNull();
    }
}

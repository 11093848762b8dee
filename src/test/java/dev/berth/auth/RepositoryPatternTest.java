package dev.berth.auth;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RepositoryPatternTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource({
            "team-a/secret/*, team-a/secret/app, true",
            "team-a/secret/*, team-a/secret/deep/app, true",
            "team-a/secret/*, team-a/secret, false",
            "team-a/secret/*, team-a/secretive/app, false",
            "team-b/app, team-b/app, true",
            "team-b/app, team-b/app2, false",
            "team-b/app, team-b/ap, false",
            "*, anything/at/all, true",
            "team-?/app, team-a/app, true",
            "team-?/app, team-ab/app, false",
            "a?b, a/b, false",
            "*/prod/*, x/prod/y, true",
            "*/prod/*, x/staging/y, false",
            "a*b*c, axxbyyc, true",
            "a*b*c, axxbyy, false",
            "**, a/b, true",
    })
    void matches_globSemantics(String glob, String repository, boolean expected) {
        assertThat(new RepositoryPattern(glob).matches(repository)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: {1} literal, prefix ''{2}''")
    @CsvSource({
            "team-a/secret/*, 14, team-a/secret/",
            "team-b/app, 10, team-b/app",
            "*, 0, ''",
            "team-?/app, 9, team-",
    })
    void specificityAndPrefix_countLiteralCharacters(String glob, int specificity, String prefix) {
        RepositoryPattern pattern = new RepositoryPattern(glob);

        assertThat(pattern.specificity()).isEqualTo(specificity);
        assertThat(pattern.literalPrefix()).isEqualTo(prefix);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Team/app", "team a", "team:app", "[abc]", "team/{a,b}"})
    void create_invalidGlob_badRequest(String glob) {
        assertThatThrownBy(() -> new RepositoryPattern(glob)).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }
}

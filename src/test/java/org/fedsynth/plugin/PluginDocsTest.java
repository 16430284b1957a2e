package org.fedsynth.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PluginDocsTest {

    private static final Path DOC = Path.of("docs/CONFIG.md");

    /**
     * docs/CONFIG.md's plug-in section is what {@link PluginDocs#markdown()} renders from the
     * records. To regenerate: {@code mvn -o test -Dtest=PluginDocsTest -Dfedsynth.docs.write=true}.
     */
    @Test
    void configDocListsThePluginsAsTheRecordsDescribeThem() throws Exception {
        String doc = Files.readString(DOC);
        String fresh = PluginDocs.splice(doc);
        if (Boolean.getBoolean("fedsynth.docs.write")) {
            Files.writeString(DOC, fresh);
            doc = fresh;
        }
        assertEquals(fresh, doc, "docs/CONFIG.md's generated plug-in section is out of date: run "
                + "mvn -o test -Dtest=PluginDocsTest -Dfedsynth.docs.write=true");
    }

    @Test
    void everyKeyOfEveryPluginHasTypeDefaultAndDescription() {
        for (PluginDocs.Row r : PluginDocs.rows()) {
            if (r.key() != null) {
                assertTrue(!r.type().isBlank() && !r.dflt().isBlank() && !r.description().isBlank(), r.toString());
            }
        }
        String md = PluginDocs.markdown();
        assertTrue(md.contains("| `feddetect` | `warmup` | integer | `10` |"), md);
        assertTrue(md.contains("| `clip` | `clip_bound` | number or null | `null` |"), md);
        assertTrue(md.contains("| `output_deviation` |"), md);
    }

    @Test
    void spliceRefusesADocumentWithoutMarkers() {
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> PluginDocs.splice("# no markers")).getMessage().contains("plugins:begin"));
    }
}

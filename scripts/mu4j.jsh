// mu4j in jshell: imports the public API so that models load and generate in a few lines.
//
// Usage (after `mvn -B package -DskipTests`, from the repository root):
//   jshell --class-path target/mu4j.jar --startup DEFAULT --startup scripts/mu4j.jsh
// then, for example:
//   var model = Model.load(Path.of("tests/golden/mu-tiny-text"))
//   var session = model.newSession()
//   session.generate("The quick brown fox", GenerationConfig.defaults()).text()
import dev.mu4j.*;
import dev.mu4j.settings.*;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

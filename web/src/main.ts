// Grip's web interface: styles of the NL Design System (Utrecht components,
// Rotterdam tokens), the screens, and the start.
import "@utrecht/component-library-css/dist/index.css";
import "@gemeente-rotterdam/design-tokens/dist/theme.css";
import "./styles.css";
import { start } from "./app";
import "./screens/signin";
import "./screens/account";
import "./screens/home";
import "./screens/dashboard";
import "./screens/region";
import "./screens/registration";
import "./screens/registrations";
import "./screens/persons";
import "./screens/deliveries";
import "./screens/calendar";
import "./screens/cases";
import "./screens/case";
import "./screens/motions";
import "./screens/covenant";
import "./screens/report";
import "./screens/admin";
import "./screens/catalogue";
import "./screens/log";

void start(document.getElementById("app")!);

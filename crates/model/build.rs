//! Generates `wire`'s structs from Pinpoint's service model: every shape `wire.toml` lists,
//! with the model's member names, order, types and required members, into
//! `$OUT_DIR/wire/<module>.rs`, which each `wire` module includes.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use heck::ToSnakeCase;
use indexmap::IndexMap;
use serde::Deserialize;

/// botocore's service model, the part of it read here.
#[derive(Deserialize)]
struct Model {
    shapes: HashMap<String, Shape>,
}

/// A shape: a structure's members and required ones, a list's member, a map's value.
#[derive(Deserialize)]
struct Shape {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    members: IndexMap<String, Target>,
    #[serde(default)]
    required: Vec<String>,
    member: Option<Target>,
    value: Option<Target>,
}

/// The shape a member, list element or map value has.
#[derive(Deserialize)]
struct Target {
    shape: String,
}

/// `wire.toml`: which shapes to generate, where, and what differs from the model.
#[derive(Deserialize)]
struct Spec {
    names: BTreeMap<String, String>,
    same: BTreeMap<String, String>,
    fields: BTreeMap<String, BTreeMap<String, String>>,
    required: BTreeMap<String, Vec<String>>,
    modules: IndexMap<String, IndexMap<String, String>>,
}

/// A member's Rust type, and whether it holds a float (which rules out `Eq`).
struct Type {
    rust: String,
    float: bool,
}

/// The model and the spec, writing the listed shapes as Rust.
struct Generator {
    model: Model,
    spec: Spec,
}

impl Generator {
    /// The Rust name of a listed shape.
    fn name<'a>(&'a self, shape: &'a str) -> &'a str {
        self.spec.names.get(shape).map_or(shape, String::as_str)
    }

    /// The listed shape a structure is written as: itself, or the one with the same members
    /// that `wire.toml` names for it.
    fn same<'a>(&'a self, shape: &'a str) -> &'a str {
        self.spec.same.get(shape).map_or(shape, String::as_str)
    }

    /// Refuses a `same` entry whose two shapes differ in a member.
    fn check_same(&self) {
        for (shape, listed) in &self.spec.same {
            let members = |name| -> Vec<(&String, &String)> {
                let shape = self.shape(name);
                shape.members.iter().map(|(m, t)| (m, &t.shape)).collect()
            };
            assert_eq!(
                members(shape),
                members(listed),
                "{shape} is not the same as {listed}"
            );
        }
    }

    /// Whether `wire.toml` lists the shape.
    fn listed(&self, shape: &str) -> bool {
        self.spec
            .modules
            .values()
            .any(|shapes| shapes.contains_key(shape))
    }

    /// The model's shape of that name; a name the model lacks stops the build.
    fn shape(&self, name: &str) -> &Shape {
        self.model
            .shapes
            .get(name)
            .unwrap_or_else(|| panic!("{name} is not a shape of the model"))
    }

    /// The Rust type of a member of shape `name`. Maps of string lists and of doubles are
    /// the form's attribute and metric maps; a structure not listed is kept as JSON.
    fn rust_type(&self, name: &str) -> Type {
        let plain = |rust: &str, float| Type {
            rust: rust.to_owned(),
            float,
        };
        let shape = self.shape(name);
        let inner = |target: &Option<Target>| {
            self.rust_type(&target.as_ref().expect("a list's or map's element").shape)
        };
        match (shape.kind.as_str(), name) {
            ("string", _) => plain("String", false),
            ("integer" | "long", _) => plain("i64", false),
            ("boolean", _) => plain("bool", false),
            ("double", _) => plain("f64", true),
            ("map", "MapOfListOf__string") => plain("crate::form::AttributeMap", false),
            ("map", "MapOf__double") => plain("crate::form::MetricMap", true),
            ("list", _) => {
                let element = inner(&shape.member);
                Type {
                    rust: format!("Vec<{}>", element.rust),
                    float: element.float,
                }
            }
            ("map", _) => {
                let value = inner(&shape.value);
                Type {
                    rust: format!("indexmap::IndexMap<String, {}>", value.rust),
                    float: value.float,
                }
            }
            ("structure", _) if self.listed(self.same(name)) => Type {
                rust: format!("crate::wire::{}", self.name(self.same(name))),
                float: self.has_float(self.same(name)),
            },
            ("structure", _) => plain("serde_json::Value", false),
            (kind, _) => panic!("{name}: a {kind} member is not mapped to a Rust type"),
        }
    }

    /// Whether a listed structure holds a float anywhere below it.
    fn has_float(&self, name: &str) -> bool {
        let shape = self.shape(name);
        shape
            .members
            .values()
            .any(|member| self.rust_type(&member.shape).float)
    }

    /// The Rust name of a member: its snake case, unless `wire.toml` names it.
    fn field(&self, shape: &str, member: &str) -> String {
        match self.spec.fields.get(shape).and_then(|f| f.get(member)) {
            Some(name) => name.clone(),
            None => member.to_snake_case(),
        }
    }

    /// The serializer that writes a float member as Pinpoint does (`crate::number`).
    fn number_writer(rust: &str, required: bool) -> Option<&'static str> {
        match (rust, required) {
            ("f64", true) => Some("crate::number::plain"),
            ("f64", false) => Some("crate::number::opt"),
            ("crate::form::MetricMap", false) => Some("crate::number::opt_map"),
            _ => None,
        }
    }

    /// The struct of shape `name`, with its doc comment.
    fn structure(&self, out: &mut String, name: &str, doc: &str) {
        let shape = self.shape(name);
        let extra = self.spec.required.get(name);
        for line in doc.lines() {
            writeln!(out, "/// {line}").unwrap();
        }
        let eq = if self.has_float(name) { "" } else { "Eq, " };
        writeln!(
            out,
            "#[derive(Debug, Clone, Default, PartialEq, {eq}serde::Serialize, serde::Deserialize)]\n\
             #[serde(deny_unknown_fields)]\npub struct {} {{",
            self.name(name)
        )
        .unwrap();
        for (member, target) in &shape.members {
            let required = shape.required.contains(member)
                || extra.is_some_and(|members| members.contains(member));
            let ty = self.rust_type(&target.shape);
            let mut serde = format!("rename = \"{member}\"");
            if !required {
                serde.push_str(", skip_serializing_if = \"Option::is_none\"");
            }
            match Self::number_writer(&ty.rust, required) {
                Some(writer) => write!(serde, ", serialize_with = \"{writer}\"").unwrap(),
                None if ty.rust.contains("f64") => {
                    panic!(
                        "{name}.{member}: no writer for a float member of {}",
                        ty.rust
                    )
                }
                None => {}
            }
            if ty.rust == "serde_json::Value" {
                writeln!(out, "    /// Not modelled here: kept as the JSON given.").unwrap();
            }
            let rust = if required {
                ty.rust
            } else {
                format!("Option<{}>", ty.rust)
            };
            writeln!(
                out,
                "    #[serde({serde})]\n    pub {}: {rust},",
                self.field(name, member)
            )
            .unwrap();
        }
        out.push_str("}\n\n");
    }
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let model_path = dir.join("pinpoint-model.json");
    let spec_path = dir.join("wire.toml");
    println!("cargo::rerun-if-changed={}", model_path.display());
    println!("cargo::rerun-if-changed={}", spec_path.display());
    let read = |path: &Path| {
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let generator = Generator {
        model: serde_json::from_str(&read(&model_path)).expect("pinpoint-model.json"),
        spec: toml::from_str(&read(&spec_path)).expect("wire.toml"),
    };
    let out_dir = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("wire");
    generator.check_same();
    std::fs::create_dir_all(&out_dir).expect("the output folder");
    for (module, shapes) in &generator.spec.modules {
        let mut out =
            String::from("// Generated by build.rs from pinpoint-model.json and wire.toml.\n\n");
        for (shape, doc) in shapes {
            generator.structure(&mut out, shape, doc);
        }
        for (alias, listed) in &generator.spec.same {
            if shapes.contains_key(listed) {
                writeln!(
                    out,
                    "/// The model's {alias}, with the same members as {listed}.\n\
                     pub type {alias} = {listed};\n"
                )
                .unwrap();
            }
        }
        std::fs::write(out_dir.join(format!("{module}.rs")), out).expect("the generated module");
    }
}

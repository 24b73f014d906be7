//! In-app message templates: CreateInAppTemplate and UpdateInAppTemplate (an
//! InAppTemplateRequest), GetInAppTemplate, and ListTemplates' list of templates of any
//! type. TemplateType and Layout are kept as text; their values are in `model::enums`.

include!(concat!(env!("OUT_DIR"), "/wire/templates.rs"));

//! Pins the schema the provider serves: any change to a name, type, mode,
//! limit or description shows up as a snapshot diff to review.

#[test]
fn served_schema_is_pinned() {
    insta::assert_json_snapshot!(
        "provider_schema",
        coderform::schema::json::provider_schemas()
    );
}

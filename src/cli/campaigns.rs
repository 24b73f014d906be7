//! `campaigns list|show|create|update|delete`: the application's campaigns. A campaign is
//! named by its id or its name; a campaign file may name its segment by the segment's name
//! (it is sent as the segment's id).

use crate::model::wire::{CampaignResponse, SegmentResponse, WriteCampaignRequest};
use crate::pinpoint::Client;
use crate::store::paths::Paths;

use super::lookup::{self, resolve};
use super::remote::{show, show_block};
use super::{CampaignsCommand, GlobalArgs, files, render};

/// Runs a `campaigns` command.
pub fn run(paths: &Paths, global: &GlobalArgs, command: CampaignsCommand) -> anyhow::Result<u8> {
    match command {
        CampaignsCommand::List => show(
            paths,
            global,
            async |client| Ok(client.get_campaigns().await?.value),
            render::campaigns_table,
        ),
        CampaignsCommand::Show { campaign } => show_block(paths, global, async |client| {
            get_by_id_or_name(client, &campaign).await
        }),
        CampaignsCommand::Create { files } => create(paths, global, &files),
        CampaignsCommand::Update { campaign, file } => {
            let request: WriteCampaignRequest = files::read_json(&file)?;
            show_block(paths, global, async |client| {
                let id = get_by_id_or_name(client, &campaign).await?.id;
                let request = with_segment_id(client, &request, &mut None).await?;
                Ok(client.update_campaign(&id, &request).await?.value)
            })
        }
        CampaignsCommand::Delete { campaign } => show_block(paths, global, async |client| {
            let id = get_by_id_or_name(client, &campaign).await?.id;
            Ok(client.delete_campaign(&id).await?.value)
        }),
    }
}

/// GetCampaign on `key` as an id; when no campaign has that id, the one named `key`.
pub async fn get_by_id_or_name(client: &Client, key: &str) -> anyhow::Result<CampaignResponse> {
    let get = async |id: &str| Ok(client.get_campaign(id).await?.value);
    let list = async || Ok(client.get_campaigns().await?.value.item);
    lookup::fetch(client, key, get, list).await
}

/// The request with its SegmentId made an id: a segment's id is kept, a segment's name
/// becomes that segment's id (an unknown one, or one several segments share, is an error).
/// The application's segments are fetched once, into `segments`.
async fn with_segment_id(
    client: &Client,
    request: &WriteCampaignRequest,
    segments: &mut Option<Vec<SegmentResponse>>,
) -> anyhow::Result<WriteCampaignRequest> {
    let mut request = request.clone();
    let Some(key) = &request.segment_id else {
        return Ok(request);
    };
    let known = match segments {
        Some(known) => known,
        None => segments.insert(client.get_segments().await?.value.item),
    };
    let application = &client.target().application_id;
    request.segment_id = Some(resolve(known, key, application)?.id.clone());
    Ok(request)
}

/// `campaigns create FILE...`: CreateCampaign for each file, in order (see
/// [`files::create_each`]).
fn create(paths: &Paths, global: &GlobalArgs, files: &[String]) -> anyhow::Result<u8> {
    let mut segments = None;
    let create = async |client: &Client, request: &WriteCampaignRequest| {
        let request = with_segment_id(client, request, &mut segments).await?;
        Ok(client.create_campaign(&request).await?.value)
    };
    let read = files::read_json::<WriteCampaignRequest>;
    files::create_named(paths, global, files, read, create, |c| (&c.id, &c.name))
}

export { schedulePlacement, type PlacementContext } from "./placement.js";
